package dev.upyd.cli;

import dev.upyd.protocol.UpydVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/upyd}. Kept free of anything heavy: every class loaded here costs start-up
 * time on every command, and the CLI is meant to feel instant.
 */
@Command(name = "upyd",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Host-side tool for MicroPython devices over WebREPL / WebSecureREPL.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Documented exit codes; see README "Exit codes". */
    public static final class ExitCodes {
        public static final int OK = 0;
        public static final int DEVICE_EXCEPTION = 1;
        public static final int USAGE = 2;
        public static final int UNREACHABLE = 3;
        public static final int AUTH = 4;
        public static final int INTERNAL = 70;

        private ExitCodes() {
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"upyd " + UpydVersion.value()};
        }
    }
}
