package dev.upyd.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/upyd}, the launcher users type: its fast CLI path (POSIX sh sourcing the exec lines
 * scripts/make-cds.sh wrote), and its fall-back to scripts/launch.sh for a java it was not prepared for,
 * for the daemon/sim verbs, and when installed as a symlink. Traced with {@code sh -x} to see which path ran.
 */
class LauncherTest {
    private static final Path ROOT = CliDaemonFixture.repoRoot();
    private static final Path LAUNCHER = ROOT.resolve("bin/upyd");

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String trace) {
    }

    private static Run run(List<String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-x", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        return runCommand(cmd, env);
    }

    private static Run runCommand(List<String> cmd, List<String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // the java the launcher picks must not depend on the environment the tests run in
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("UPYD_JAVA");
        pb.environment().remove("UPYD_JAVA_OPTS");
        for (String kv : env) {
            int eq = kv.indexOf('=');
            pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean prepared() {
        Path launch = ROOT.resolve("cli/target/upyd-cli.launch");
        Path lib = ROOT.resolve("cli/target/lib");
        try {
            return Files.isRegularFile(launch) && Files.getLastModifiedTime(launch)
                    .compareTo(Files.getLastModifiedTime(lib)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theCliStartsWithoutTheGeneralPathWhenSetUpForThisJava() throws Exception {
        assumeTrue(prepared(), "scripts/make-cds.sh has not prepared cli/target/upyd-cli.launch for these jars");
        Run r = run(List.of(), "--version");
        assertEquals(0, r.exit(), r.trace());
        assertTrue(r.out().startsWith("upyd "), r.out());
        assertFalse(r.trace().contains("launch.sh"), "took the general path:\n" + r.trace());
        assertTrue(r.trace().contains("exec ") && r.trace().contains("dev.upyd.cli.Main --version"), r.trace());
    }

    @Test
    void aJavaSetUpDidNotPrepareGoesThroughLaunchShAndStillWorks() throws Exception {
        // the same JDK under another spelling: no launch entry matches it, so no archive made for another java is used
        String java = Path.of(System.getProperty("java.home"), "bin", "..", "bin", "java").toString();
        Run r = run(List.of("UPYD_JAVA=" + java), "--version");
        assertEquals(0, r.exit(), r.trace());
        assertTrue(r.out().startsWith("upyd "), r.out());
        assertTrue(r.trace().contains("launch.sh"), r.trace());
    }

    @Test
    void daemonAndSimVerbsGoThroughLaunchSh() throws Exception {
        Run r = run(List.of(), "sim", "--help");
        assertEquals(0, r.exit(), r.trace());
        assertTrue(r.out().contains("usage: upyd sim"), r.out());
        assertTrue(r.trace().contains("launch.sh"), r.trace());
    }

    @Test
    void aSymlinkedLauncherFindsItsInstallation() throws Exception {
        Path link = tmp.resolve("upyd");
        Files.createSymbolicLink(link, LAUNCHER);
        Run r = runCommand(List.of(link.toString(), "--version"), List.of());
        assertEquals(0, r.exit(), r.trace());
        assertTrue(r.out().startsWith("upyd "), r.out());
    }
}
