package dev.upyd.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * UnixSockets in fresh JVMs (the JDK's Unix-socket classes initialise once per JVM): a real socket pair, the
 * short path taken where it applies (the SUN provider is not built before the first connect), the
 * process-wide JCA untouched afterwards, and the public-API fall-back on a JDK where the short path is off.
 */
class UnixSocketsTest {
    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @Test
    void theShortPathConnectsWithoutBuildingTheJcaAndLeavesTheJdksProvidersAlone() throws Exception {
        assumeTrue(Runtime.version().feature() < 24 && System.getProperty("os.name").startsWith("Linux"));
        List<String> out = probe(Path.of(System.getProperty("java.home"), "bin", "java"));
        assertTrue(out.contains("echo=ping"), String.join("\n", out));
        assertTrue(out.contains("preparedBy=internal"), String.join("\n", out));
        assertTrue(out.contains("jca=SUN") && out.contains("first=SUN"), String.join("\n", out));
        // the probe's temporary directory takes a SecureRandom (and so builds the JCA) after prepare() and
        // before the connect: what counts is that the JDK's Unix sockets took theirs from UrandomProvider
        int prepared = out.indexOf("prepared");
        assertTrue(indexOfLoad(out, "sun.nio.ch.UnixDomainSockets") < prepared, "prepare() set the Unix sockets up");
        int sun = indexOfLoad(out, "sun.security.provider.SunEntries");
        assertTrue(sun > prepared, "the SUN provider was built before the Unix sockets were set up (line " + sun + ")");
        assertTrue(indexOfLoad(out, "dev.upyd.cli.client.UnixSockets$UrandomSpi") < prepared,
                "the JDK's Unix sockets took their SecureRandom from UrandomProvider");
    }

    @Test
    void whereTheShortPathIsOffThePublicApiIsUsed() throws Exception {
        assumeTrue(Files.isExecutable(JDK25), JDK25 + " not installed");
        List<String> out = probe(JDK25);
        assertTrue(out.contains("echo=ping"), String.join("\n", out));
        assertTrue(out.stream().anyMatch(l -> l.startsWith("preparedBy=public API") && l.contains("JDK 25")),
                String.join("\n", out));
        assertTrue(out.contains("jca=SUN") && out.contains("first=SUN"), String.join("\n", out));
    }

    private static int indexOfLoad(List<String> out, String cls) {
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).contains(" " + cls + " ")) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static List<String> probe(Path java) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xshare:auto", "-Xlog:class+load=info:stdout",
                "-cp", System.getProperty("java.class.path"), UnixSocketsProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] all = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> lines = List.of(new String(all, StandardCharsets.UTF_8).split("\n"));
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        return lines;
    }
}
