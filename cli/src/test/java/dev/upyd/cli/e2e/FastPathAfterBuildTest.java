package dev.upyd.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * After {@code mvn package} the CLI still starts on its fast path: bin/upyd execs the line scripts/make-cds.sh
 * wrote (no scripts/launch.sh) and the JVM maps the class-data archive made for exactly the jars just built.
 * Run on a copy of the checkout (its poms, the cli sources, scripts/, bin/), because rebuilding this checkout's
 * cli module would rewrite the jars and classes the running test suite uses. The archive check is
 * {@code -Xshare:on}: the JVM then refuses to start instead of silently starting without the archive.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class FastPathAfterBuildTest {
    private static final Path ROOT = CliDaemonFixture.repoRoot();
    private static final String ARCHIVED_MAIN = "dev.upyd.cli.Main source: shared objects file";

    @TempDir
    static Path copy;

    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void copyTheCheckout() throws IOException {
        assumeTrue(onPath("mvn"), "mvn is not on the PATH");
        // every module's pom (the reactor reads them all), the cli sources, the launcher and its scripts
        for (String pom : List.of("pom.xml", "protocol/pom.xml", "pki/pom.xml", "sim/pom.xml", "daemon/pom.xml",
                "cli/pom.xml", "bench/pom.xml")) {
            copyFile(ROOT.resolve(pom), copy.resolve(pom));
        }
        for (String tree : List.of("cli/src/main", "scripts", "bin")) {
            copyTree(ROOT.resolve(tree), copy.resolve(tree));
        }
    }

    @Test
    @Order(1)
    void aBuildLeavesTheCliOnItsFastPath() throws Exception {
        build();
        assertFastPath();
    }

    @Test
    @Order(2)
    void aRebuildAfterAChangeRemakesTheArchiveForTheNewJar() throws Exception {
        touchSource();
        Run b = build();
        assertFalse(b.err().contains("archives up to date"), "the changed jar needs a new archive:\n" + b.err());
        assertFastPath();
        // nothing changed: the build keeps the archive (and says so) instead of training again
        assertTrue(build().err().contains("archives up to date"));
        assertFastPath();
    }

    @Test
    @Order(3)
    void aBuildThatSkipsTheArchiveIsMendedOnceByTheLauncher() throws Exception {
        touchSource();
        build("-Dupyd.cds.skip=true");
        Run first = upyd(Map.of(), "--version");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().startsWith("upyd "), first.out());
        assertTrue(first.err().contains("re-creating it once"), first.err());
        Run second = upyd(Map.of(), "--version");
        assertFalse(second.err().contains("re-creating"), "only once:\n" + second.err());
        assertFastPath();
    }

    private static void assertFastPath() throws Exception {
        Run traced = run(List.of("sh", "-x", copy.resolve("bin/upyd").toString(), "--version"),
                Map.of("UPYD_JAVA_OPTS", "-Xshare:on"));
        assertEquals(0, traced.exit(), "the JVM could not use the archive:\n" + traced.out() + traced.err());
        assertTrue(traced.out().startsWith("upyd "), traced.out());
        assertFalse(traced.err().contains("launch.sh"), "took the general path:\n" + traced.err());
        Run loaded = upyd(Map.of("UPYD_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertTrue(loaded.out().contains(ARCHIVED_MAIN), "Main not from the archive:\n" + grep(loaded.out()));
    }

    private static String grep(String log) {
        return log.lines().filter(l -> l.contains("dev.upyd.cli.Main ")).findFirst().orElse("(Main not loaded)");
    }

    private static Run build(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-q", "-Dmaven.test.skip=true"));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("package", "-pl", "cli"));
        Run r = run(cmd, Map.of());
        assertEquals(0, r.exit(), "mvn package failed:\n" + r.out() + r.err());
        return new Run(r.exit(), r.out(), r.out() + r.err()); // the exec plugin passes make-cds's stderr to stdout
    }

    /** A real change to a source, so the build compiles and re-jars (a new jar time stamp). */
    private static void touchSource() throws IOException {
        Path f = copy.resolve("cli/src/main/java/dev/upyd/cli/CliException.java");
        Files.writeString(f, Files.readString(f) + "\n// rebuilt by FastPathAfterBuildTest " + System.nanoTime() + "\n");
    }

    private static Run upyd(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(copy.resolve("bin/upyd").toString()));
        cmd.addAll(List.of(args));
        return run(cmd, env);
    }

    private static Run run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(copy.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("UPYD_JAVA");
        pb.environment().remove("UPYD_JAVA_OPTS");
        pb.environment().remove("UPYD_CDS_AUTO");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("fastpath", ".out");
        Path err = Files.createTempFile("fastpath", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "did not finish: " + cmd);
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void copyFile(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    copyFile(p, t);
                }
            }
        }
    }
}
