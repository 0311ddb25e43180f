package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = {"Give the host key's passphrase to the running daemon (held in its memory only, ssh-agent style).",
                "Asked without echo; scripts: UPYD_HOST_PASSPHRASE or --passphrase-file."})
public final class UnlockCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Read the passphrase from FILE (first line).")
    Path file;

    @Override
    public Integer call() throws IOException {
        char[] pass = passphrase();
        try (DaemonClient c = DaemonClient.connect(main.settings())) {
            DaemonClient.Outcome o = c.unlock(pass);
            if (!o.ok()) {
                throw new CliException(o.daemonError() ? o.exitCode() : Main.ExitCodes.AUTH,
                        "unlock refused: " + o.message());
            }
        } finally {
            Arrays.fill(pass, '\0');
        }
        spec.commandLine().getOut().println("host key unlocked");
        return 0;
    }

    private char[] passphrase() throws IOException {
        if (file != null) {
            byte[] b = Files.readAllBytes(main.settings().cwd().resolve(file));
            try {
                CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(b));
                int end = 0;
                while (end < cb.limit() && cb.get(end) != '\n' && cb.get(end) != '\r') {
                    end++;
                }
                char[] out = new char[end];
                cb.get(out, 0, end);
                Arrays.fill(cb.array(), '\0');
                return out;
            } finally {
                Arrays.fill(b, (byte) 0);
            }
        }
        String env = main.settings().env("UPYD_HOST_PASSPHRASE");
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        java.io.Console console = System.console();
        if (console == null) {
            throw new CliException(Main.ExitCodes.USAGE,
                    "no terminal to ask the passphrase: use --passphrase-file FILE or UPYD_HOST_PASSPHRASE");
        }
        char[] p = console.readPassword("Passphrase of the host key: ");
        if (p == null) {
            throw new CliException(Main.ExitCodes.INTERRUPTED, "no passphrase given");
        }
        return p;
    }
}
