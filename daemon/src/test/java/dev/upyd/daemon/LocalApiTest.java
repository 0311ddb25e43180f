package dev.upyd.daemon;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.daemon.api.SocketGuard;
import dev.upyd.protocol.api.DeviceList;
import dev.upyd.protocol.api.ErrorReply;
import dev.upyd.protocol.api.Hello;
import dev.upyd.protocol.api.ListDevices;
import dev.upyd.protocol.api.Message;
import dev.upyd.protocol.api.MessageCodec;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local API on a real Unix socket, with no devices configured. */
class LocalApiTest {
    @TempDir
    Path tmp;
    DaemonFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private DaemonFixture started() throws Exception {
        fx = new DaemonFixture(tmp.resolve("home"), tmp.resolve("run"));
        fx.start();
        return fx;
    }

    @Test
    void helloThenListDevicesOnAPrivateSocket() throws Exception {
        started();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.socket.getParent())));
        try (LocalApiClient c = fx.client()) {
            int id = c.nextId();
            c.send(new ListDevices(id));
            DeviceList l = assertInstanceOf(DeviceList.class, c.next(id, Duration.ofSeconds(5)));
            assertTrue(l.devices().isEmpty());
        }
    }

    @Test
    void unknownDeviceIsAnErrorReply() throws Exception {
        started();
        try (LocalApiClient c = fx.client()) {
            LocalApiClient.Outcome o = c.exec("nope", "print(1)", Duration.ofSeconds(5));
            assertEquals(-ErrorReply.UNKNOWN_DEVICE, o.exitCode());
            assertTrue(o.message().contains("nope"), o.message());
        }
    }

    @Test
    void requestBeforeHelloIsRefusedAndClosed() throws Exception {
        started();
        try (LocalApiClient c = LocalApiClient.raw(fx.socket)) {
            c.send(new ListDevices(1));
            ErrorReply e = assertInstanceOf(ErrorReply.class, c.errors().poll(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(ErrorReply.BAD_MESSAGE, e.code());
            DaemonFixture.await("connection closed", 5000, () -> c.eof());
        }
        assertDaemonStillServes();
    }

    @Test
    void malformedAndOversizeFramesGetAnErrorAndTheDaemonSurvives() throws Exception {
        started();
        try (LocalApiClient c = LocalApiClient.connect(fx.socket)) {
            // type 250 does not exist
            c.sendRaw(new byte[] {0, 0, 0, 5, (byte) 250, 0, 0, 0, 9});
            ErrorReply e = assertInstanceOf(ErrorReply.class, c.errors().poll(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(ErrorReply.BAD_MESSAGE, e.code());
            DaemonFixture.await("connection closed", 5000, () -> c.eof());
        }
        try (LocalApiClient c = LocalApiClient.connect(fx.socket)) {
            c.sendRaw(new byte[] {0x7f, 0, 0, 0}); // a 2 GiB frame: must be refused before any allocation
            ErrorReply e = assertInstanceOf(ErrorReply.class, c.errors().poll(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(ErrorReply.TOO_LARGE, e.code());
            DaemonFixture.await("connection closed", 5000, () -> c.eof());
        }
        try (LocalApiClient c = LocalApiClient.raw(fx.socket)) {
            c.send(new Hello(1, MessageCodec.PROTOCOL_VERSION + 7, "future"));
            Message m = c.next(1, Duration.ofSeconds(5));
            assertEquals(ErrorReply.UNSUPPORTED_VERSION, assertInstanceOf(ErrorReply.class, m).code());
        }
        assertDaemonStillServes();
    }

    private void assertDaemonStillServes() throws Exception {
        try (LocalApiClient c = fx.client()) {
            int id = c.nextId();
            c.send(new ListDevices(id));
            assertInstanceOf(DeviceList.class, c.next(id, Duration.ofSeconds(5)));
        }
    }

    @Test
    void staleSocketFileIsReplaced() throws Exception {
        Path sock = tmp.resolve("run").resolve("upyd").resolve("upyd.sock");
        Files.createDirectories(sock.getParent());
        // a socket file nobody listens on, as a killed daemon leaves it (the JDK does not unlink on close)
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(sock));
        }
        assertTrue(Files.exists(sock));
        assertFalse(SocketGuard.isLive(sock));
        started();
        assertDaemonStillServes();
    }

    @Test
    void secondDaemonOnTheSameSocketRefusesToStart() throws Exception {
        started();
        DaemonFixture second = new DaemonFixture(tmp.resolve("home2"), tmp.resolve("run"));
        SocketGuard.SocketInUseException e = assertThrows(SocketGuard.SocketInUseException.class, second::start);
        assertTrue(e.getMessage().contains("already running"), e.getMessage());
        second.close();
        assertDaemonStillServes();
    }

    @Test
    void corruptConfigAtStartRefusesWithFileAndReason() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("UPY_G.config"), "{\"esp\": [\"10.0.0.5\", \"secretpw\"", StandardCharsets.UTF_8);
        fx = new DaemonFixture(home, tmp.resolve("run"));
        Daemon.StartupException e = assertThrows(Daemon.StartupException.class, fx::start);
        assertTrue(e.getMessage().contains("UPY_G.config"), e.getMessage());
        assertFalse(e.getMessage().contains("secretpw"), "password leaked: " + e.getMessage());
        fx.daemon = null;
        assertFalse(Files.exists(fx.socket), "no socket must be left behind");
    }

    @Test
    void execOnAnEmptyGroupAfterShutdownBeginsIsRefused() throws Exception {
        started();
        try (LocalApiClient c = fx.client()) {
            fx.daemon.shutdown();
            DaemonFixture.await("connection closed by shutdown", 5000, () -> c.eof());
        }
        assertFalse(Files.exists(fx.socket), "Vert.x removes the socket file on a clean close");
        assertFalse(SocketGuard.isLive(fx.socket));
    }

    @Test
    void clientsBeyondTheLimitAreTurnedAway() throws Exception {
        fx = new DaemonFixture(tmp.resolve("home"), tmp.resolve("run")).set("UPYD_MAX_CLIENTS", "1");
        fx.start();
        try (LocalApiClient first = fx.client(); LocalApiClient second = LocalApiClient.raw(fx.socket)) {
            ErrorReply e = assertInstanceOf(ErrorReply.class, second.errors().poll(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(ErrorReply.BUSY, e.code());
            assertTrue(e.message().contains("too many clients"), e.message());
            int id = first.nextId();
            first.send(new ListDevices(id));
            assertInstanceOf(DeviceList.class, first.next(id, Duration.ofSeconds(5)));
        }
        DaemonFixture.await("slot freed", 10000, () -> {
            try (LocalApiClient again = LocalApiClient.raw(fx.socket)) {
                again.send(new Hello(1, MessageCodec.PROTOCOL_VERSION, "again"));
                Message m = again.queue(1).poll(500, java.util.concurrent.TimeUnit.MILLISECONDS);
                return m instanceof dev.upyd.protocol.api.HelloOk;
            } catch (Exception ex) {
                return false;
            }
        });
    }
}
