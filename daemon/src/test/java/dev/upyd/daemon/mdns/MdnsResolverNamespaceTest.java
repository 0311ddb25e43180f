package dev.upyd.daemon.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver against a real mDNS responder (python3-zeroconf) inside a network namespace of its own:
 * a name resolves, an unknown name times out cleanly, a re-announced address is found by a fresh lookup.
 * The resolver runs in a child JVM inside the namespace ({@code MdnsProbe} with a command script).
 */
class MdnsResolverNamespaceTest {
    private static final String PYTHON = "/usr/bin/python3";
    @TempDir
    Path tmp;
    private NetworkNamespace ns;
    private Process responder;

    @BeforeEach
    void setUp() throws Exception {
        String why = NetworkNamespace.unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        assumeTrue(Files.isExecutable(Path.of(PYTHON)) && new ProcessBuilder(PYTHON, "-c", "import zeroconf")
                .start().waitFor() == 0, "skipped: Debian's python3-zeroconf is not installed (scripts/setup.sh installs it)");
        ns = NetworkNamespace.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (responder != null) {
            responder.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (ns != null) {
            ns.close();
        }
    }

    private BufferedReader startResponder(String name, String address) throws Exception {
        Path script = tmp.resolve("mdns_responder.py");
        try (var in = getClass().getResourceAsStream("/mdns_responder.py")) {
            Files.copy(in, script);
        }
        responder = ns.process(PYTHON, script.toString(), name, address).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(responder.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        return out;
    }

    private String probe(String... names) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] cmd = new String[4 + names.length];
        cmd[0] = java;
        cmd[1] = "-cp";
        cmd[2] = System.getProperty("java.class.path");
        cmd[3] = MdnsProbe.class.getName();
        System.arraycopy(names, 0, cmd, 4, names.length);
        Process p = ns.process(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "probe finished");
        return out;
    }

    @Test
    void resolvesANameAndTimesOutOnAnUnknownOne() throws Exception {
        startResponder("board1", "127.0.0.1");
        String out = probe("board1.local", "nosuchboard.local");
        assertTrue(out.contains("board1.local 127.0.0.1\n"), out);
        assertTrue(out.contains("nosuchboard.local ERROR nosuchboard.local: no mDNS answer within 3000 ms"), out);
    }

    @Test
    void freshLookupFindsAMovedBoard() throws Exception {
        BufferedReader r = startResponder("board2", "127.0.0.1");
        assertTrue(probe("board2.local").contains("board2.local 127.0.0.1\n"));
        OutputStream cmd = responder.getOutputStream();
        cmd.write("set 127.0.0.2\n".getBytes(StandardCharsets.UTF_8));
        cmd.flush();
        assertEquals("updated", r.readLine());
        String out = probe("board2.local");
        assertTrue(out.contains("board2.local 127.0.0.2\n"), out);
        assertNotEquals("", out);
    }
}
