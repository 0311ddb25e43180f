package dev.upyd.cli.command;

import dev.upyd.cli.util.PyStr;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "timeit", mixinStandardHelpOptions = true,
        description = {"Time a script on the device (blink.py is imported, as upydev does, and unloaded after) or a"
                + " Python command: prints `Script NAME Time = 12.345ms` / `Command CMD Time = ...ms`.",
                "upyd differs: it needs no time_it module on the device (the same ticks_us timing is sent with the"
                        + " command); several scripts/commands may be given, as in upydev's shell."})
public final class TimeitCommand extends DeviceCommand {
    @Parameters(arity = "1..*", paramLabel = "SCRIPT|COMMAND", description = "A .py/.mpy script on the device, or Python.")
    List<String> what = new ArrayList<>();

    @Option(names = "-s", paramLabel = "DIR", description = "The script's directory on the device (e.g. sd).")
    String dir;

    @Override
    public Integer call() throws Exception {
        for (String w : what) {
            if (isScript(w)) {
                DeviceScript.of(w, dir); // refuse a bad name before any device work
            }
        }
        return super.call();
    }

    private static boolean isScript(String w) {
        return w.endsWith(".py") || w.endsWith(".mpy");
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        int code = 0;
        for (String w : what) {
            String timed;
            String report;
            DeviceScript script = isScript(w) ? DeviceScript.of(w, dir) : null;
            if (script != null) {
                run.out().println("Running " + w + "...");
                run.out().flush();
                timed = script.pathSetup() + script.importLine();
                report = "print('Script {} Time = {:6.3f}ms'.format(" + PyStr.of(script.module()) + ", _upyd_d/1000))";
            } else {
                timed = w + "\n";
                report = "print('Command {} Time = {:6.3f}ms'.format(" + PyStr.of(w) + ", _upyd_d/1000))";
            }
            String py = "import time as _upyd_t\n_upyd_t0 = _upyd_t.ticks_us()\n" + timed
                    + "_upyd_d = _upyd_t.ticks_diff(_upyd_t.ticks_us(), _upyd_t0)\n" + report + "\n";
            try {
                code = Math.max(code, ExecSupport.stream(run, py));
            } finally {
                if (script != null) {
                    run.client().eval(run.device(), script.unload());
                }
            }
        }
        run.out().println("Done!");
        run.out().flush();
        return code;
    }
}
