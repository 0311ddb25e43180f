package dev.upyd.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.Main;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upyd scan} against the daemon: a held session is reported from the session (not probed), a port
 * nobody listens on is closed. .local resolution itself is covered inside a network namespace by the
 * daemon's MdnsEndToEndTest (mDNS queries must never leave the test's own network).
 */
@Timeout(120)
class ScanEndToEndTest {
    @TempDir
    Path tmp;
    CliDaemonFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void reportsHeldSessionsAndClosedPorts() throws Exception {
        fx = new CliDaemonFixture(tmp);
        fx.light("held");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // free again once closed: nothing listens there
        }
        assertEquals(0, fx.cli.run("config", "-t", "127.0.0.1:" + closed, "-p", "pw:unused", "-@", "gone", "-gg"),
                fx.cli.err);
        fx.startDaemon();
        fx.awaitOnline(30_000, "held");
        int code = fx.cli.run("scan", "--json", "--timeout-ms", "300");
        assertEquals(Main.ExitCodes.OK, code, fx.cli.err);
        String out = fx.cli.out;
        assertTrue(out.contains("\"name\":\"held\"") && out.contains("\"address\":\"127.0.0.1\""), out);
        int held = out.indexOf("\"name\":\"held\"");
        int gone = out.indexOf("\"name\":\"gone\"");
        String heldRow = out.substring(held, gone > held ? gone : out.length());
        String goneRow = out.substring(gone);
        assertTrue(heldRow.contains("\"state\":\"session\""), heldRow);
        assertTrue(goneRow.contains("\"port\":" + closed + ",\"state\":\"closed\"")
                || goneRow.contains("\"state\":\"closed\",\"port\":" + closed), goneRow);
        assertEquals(0, fx.cli.run("scan"), fx.cli.err);
        assertTrue(fx.cli.out.startsWith("DEVICE"), fx.cli.out);
    }
}
