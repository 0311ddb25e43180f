package dev.upyd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    @Test
    void versionNamesTheRelease() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--version"));
        assertTrue(out.toString().startsWith("upyd 0."), out.toString());
    }

    @Test
    void verbTableMatchesTheCommandAnnotations() {
        java.util.Map<String, String> fromAnnotations = new java.util.HashMap<>();
        for (Class<?> c : Main.subcommands()) {
            CommandLine.Command a = c.getAnnotation(CommandLine.Command.class);
            fromAnnotations.put(a.name(), c.getName());
            for (String alias : a.aliases()) {
                fromAnnotations.put(alias, c.getName());
            }
        }
        assertEquals(fromAnnotations, Main.VERBS);
    }

    /** picocli formats descriptions with String.format: a bare % there prints a warning and the raw text. */
    @Test
    void everyCommandsHelpFormatsCleanly() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true));
        try {
            for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
                assertTrue(sub.getUsageMessage().contains("Usage: "), sub.getCommandName());
                for (CommandLine subsub : sub.getSubcommands().values()) {
                    subsub.getUsageMessage();
                }
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", err.toString(), "picocli warnings while formatting the help");
    }

    @Test
    void unknownOptionIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(Main.ExitCodes.USAGE, cl.execute("--no-such-option"));
        assertTrue(err.toString().contains("--no-such-option"), err.toString());
    }
}
