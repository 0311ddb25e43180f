package dev.upyd.cli.command;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run Python on the device, output streamed as it comes (Ctrl-C interrupts it).",
                "Forms: `upyd exec NAME 'code'`, `upyd exec 'code' -@ NAME`, and upydev's `upyd 'code' -@ NAME`."})
public final class ExecCommand extends DeviceCommand {
    @Parameters(arity = "1..*", paramLabel = "[NAME] CODE",
            description = "The device (when no -@ is given and more than one word follows), then Python code.")
    List<String> words = new ArrayList<>();

    @Option(names = "--json", description = "Print JSON: one object per device {name, ok, exitCode, stdout, stderr, duration}.")
    boolean json;

    @Override
    protected boolean jsonOutput() {
        return json;
    }

    @Override
    protected boolean jsonPerDevice() {
        return json;
    }

    @Override
    protected String positionalDevice() {
        return !targets.given() && words.size() >= 2 && main.shellContext() == null ? words.get(0) : null;
    }

    String code() {
        List<String> w = positionalDevice() != null ? words.subList(1, words.size()) : words;
        return String.join(" ", w);
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        return ExecSupport.stream(run, code());
    }
}
