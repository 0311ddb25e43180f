package dev.upyd.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the real CLI in-process (upydev grammar + picocli) with captured output and a private home/socket. */
public final class CliHarness {
    public final Map<String, String> env = new HashMap<>();
    public Path cwd;
    public String out = "";
    public String err = "";

    public CliHarness(Path tmp) {
        env.put("UPYD_HOME", tmp.resolve("home").toString());
        env.put("UPYD_SOCKET", tmp.resolve("no-daemon.sock").toString());
        env.put("UPYD_HELLO_TIMEOUT_MS", "3000");
        env.put("NO_COLOR", "1");
        cwd = tmp;
    }

    public CliSettings settings() {
        return CliSettings.of(env, cwd);
    }

    public CommandLine commandLine() {
        return Main.commandLine(settings(), false);
    }

    public int run(String... args) {
        CommandLine cl = commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = Main.execute(cl, args);
        out = o.toString();
        err = e.toString();
        return code;
    }
}
