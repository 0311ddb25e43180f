package dev.upyd.cli.kg;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.upyd.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code upyd kg ...} through the real command line with a temporary home and explicit environment. */
final class KgHarness {
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    final Path home;
    final Path cwd;
    final Map<String, String> env = new HashMap<>();
    Terminal terminal = Terminal.NONE;
    DeviceLink link;
    Clock clock;
    /** Every secret a test used: no output may ever contain one. */
    final List<String> secrets = new java.util.ArrayList<>();

    KgHarness(Path home, Path cwd) {
        this.home = home;
        this.cwd = cwd;
        env.put("UPYD_HOME", home.toString());
        env.put("USER", "tester");
    }

    KgHarness secret(String name, String value) {
        env.put(name, value);
        secrets.add(value);
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        KgSettings s = KgSettings.of(env, cwd, terminal);
        if (link != null) {
            s = s.withDeviceLink(link);
        }
        if (clock != null) {
            s = s.withClock(clock);
        }
        ((KgCommand) cl.getSubcommands().get("kg").getCommandSpec().userObject()).settings(s);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = Main.execute(cl, args);
        Result r = new Result(exit, out.toString(), err.toString());
        for (String secret : secrets) {
            assertFalse(r.all().contains(secret), "a passphrase leaked into the output: " + r.all());
        }
        assertFalse(r.err().contains("\tat "), "stack trace printed: " + r.err());
        return r;
    }

    /** A terminal that answers from a script, as a person at the keyboard would. */
    static final class ScriptedTerminal implements Terminal {
        final Deque<String> answers;
        final StringBuilder prompts = new StringBuilder();

        ScriptedTerminal(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public char[] readSecret(String prompt) {
            prompts.append(prompt).append('\n');
            String a = answers.poll();
            return a == null ? null : a.toCharArray();
        }

        @Override
        public String readLine(String prompt) {
            prompts.append(prompt).append('\n');
            return answers.poll();
        }
    }
}
