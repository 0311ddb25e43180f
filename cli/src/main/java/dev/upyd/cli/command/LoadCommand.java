package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Run local script(s) on the device without saving them there (raw-paste: no size limit).")
public final class LoadCommand extends DeviceCommand {
    @Parameters(arity = "1..*", paramLabel = "LOCALFILE")
    List<Path> files;

    @Override
    public int runOn(DeviceRun run) throws Exception {
        int code = Main.ExitCodes.OK;
        for (Path f : files) {
            Path p = run.settings().cwd().resolve(f);
            String src;
            try {
                src = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot read " + p + ": " + e.getMessage());
            }
            code = ExecSupport.stream(run, src);
            if (code != Main.ExitCodes.OK) {
                return code;
            }
        }
        return code;
    }
}
