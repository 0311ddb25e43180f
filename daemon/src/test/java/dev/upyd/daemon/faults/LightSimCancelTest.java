package dev.upyd.daemon.faults;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.upyd.protocol.api.Exec;
import dev.upyd.protocol.api.Hello;
import dev.upyd.protocol.api.MessageCodec;
import dev.upyd.sim.SimulatedDevice;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that send an exec and vanish at once: the daemon sends Ctrl-C, often while the code is still
 * being raw-pasted. The device must stay usable. Against the real interpreter it does; the light
 * backend wedges (a sim bug, reported to the lead), so that case is disabled.
 */
class LightSimCancelTest {
    @TempDir
    Path tmp;
    FaultRig rig;

    @AfterEach
    void tearDown() {
        if (rig != null) {
            rig.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"micropython"})
    void abandonedExecsLeaveTheDeviceUsable(String backend) throws Exception {
        run(backend);
    }

    @ParameterizedTest
    @ValueSource(strings = {"light"})
    void abandonedExecsLeaveTheLightSimUsable(String backend) throws Exception {
        run(backend);
    }

    /** A cancel that certainly lands while the code is being pasted (3.5 kB = ~27 flow-control windows). */
    @ParameterizedTest
    @ValueSource(strings = {"micropython"})
    void cancelDuringRawPasteIsAnsweredWithKeyboardInterrupt(String backend) throws Exception {
        cancelMidPaste(backend);
    }

    @ParameterizedTest
    @ValueSource(strings = {"light"})
    void cancelDuringRawPasteIsAnsweredWithKeyboardInterruptByTheLightSim(String backend) throws Exception {
        cancelMidPaste(backend);
    }

    private void cancelMidPaste(String backend) throws Exception {
        rig = new FaultRig(tmp);
        rig.set("UPYD_LOGIN_TIMEOUT_MS", "15000").set("UPYD_CANCEL_GRACE_MS", "3000");
        SimulatedDevice d = backend.equals("light") ? rig.light("a") : rig.microPython("a");
        rig.writeGroup(FaultRig.entry("a", d.port()));
        rig.startDaemon();
        rig.awaitState("a", "online", 60000);
        try (LocalApiClient cl = rig.client()) {
            int id = cl.nextId();
            cl.send(new Exec(id, "a", ("x = 1\n".repeat(500) + "print(x)").getBytes(StandardCharsets.UTF_8), 0));
            cl.send(new dev.upyd.protocol.api.Cancel(cl.nextId(), id));
            long t0 = System.nanoTime();
            LocalApiClient.Outcome o = cl.collect(id, Duration.ofSeconds(20));
            System.out.println("[measure] " + backend + ": cancel during raw-paste: exit " + o.exitCode() + " after "
                    + FaultRig.millisSince(t0) + " ms: " + o.message() + " / stderr " + o.stderr().strip());
            assertEquals(130, o.exitCode(), o.message());
            org.junit.jupiter.api.Assertions.assertFalse(o.message().contains("session reset"), o.message());
            assertEquals("2\r\n", cl.exec("a", "print(1+1)", Duration.ofSeconds(20)).stdout());
            assertEquals(1, rig.info("a").sessionsOpened(), "a cancel must not cost a reconnect");
        }
    }

    private void run(String backend) throws Exception {
        rig = new FaultRig(tmp);
        rig.set("UPYD_LOGIN_TIMEOUT_MS", "15000");
        SimulatedDevice d = backend.equals("light") ? rig.light("a") : rig.microPython("a");
        rig.writeGroup(FaultRig.entry("a", d.port()));
        rig.startDaemon();
        rig.awaitState("a", "online", 60000);
        for (int i = 0; i < 40; i++) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(rig.socket));
                ch.write(ByteBuffer.wrap(MessageCodec.encode(new Hello(1, MessageCodec.PROTOCOL_VERSION, "x"))));
                ch.write(ByteBuffer.wrap(MessageCodec.encode(new Exec(2, "a",
                        "import time\ntime.sleep(0.02)\nprint(3)".getBytes(StandardCharsets.UTF_8), 0))));
                Thread.sleep(i % 7); // vanish at different points: queued, negotiating, pasting, running
            }
        }
        try (LocalApiClient cl = rig.client()) {
            rig.awaitState("a", "online", 20000);
            LocalApiClient.Outcome o = cl.exec("a", "print(6*7)", Duration.ofSeconds(20));
            System.out.println("[measure] " + backend + ": after 40 abandoned execs: exit " + o.exitCode()
                    + ", sessions opened " + rig.info("a").sessionsOpened());
            assertEquals("42\r\n", o.stdout(), o.message());
        }
    }
}
