package dev.upyd.daemon.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.daemon.api.LocalApiClient;
import dev.upyd.protocol.api.Exec;
import dev.upyd.protocol.api.Result;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.hostile.HostileMode;
import dev.upyd.sim.hostile.HostilePayloads;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A device that answers an exec with malformed frames or hostile bytes (issue #9). The daemon must fail
 * the exec with a reason (or pass the bytes through untouched: the local API is a byte stream and
 * neutralising escapes is the CLI's job), keep serving a healthy device, and get the session back once
 * the device is honest again.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HostileOutputTest {
    @TempDir
    Path tmp;
    HostileRig rig;

    @AfterEach
    void tearDown() {
        if (rig != null) {
            rig.close();
        }
    }

    /** Both cut the session: the header already exceeds the daemon's 128 KiB frame cap. */
    @ParameterizedTest
    @EnumSource(value = HostileMode.class, names = {"OVERSIZE_LENGTH", "OVERSIZE_FRAME"})
    void oversizeFrameFailsTheExecAndDropsOnlyThatSession(HostileMode mode) throws Exception {
        rig = new HostileRig(tmp);
        SimulatedDevice evil = rig.startEvilBesideGood(false);
        try (LocalApiClient cl = rig.client()) {
            rig.awaitOnline(cl, "evil");
            rig.awaitOnline(cl, "good");
            evil.hostile().set(mode);
            LocalApiClient.Outcome o = cl.exec("evil", "print(1)", HostileRig.T);
            System.out.println("[hostile] " + mode + ": exit " + o.exitCode() + ": " + o.message());
            assertNotEquals(0, o.exitCode(), o.toString());
            assertTrue(o.message().startsWith("evil: connection dropped during exec: bad data from the device: "
                    + "Max frame length of 131072 has been exceeded; reconnecting"), o.message());
            assertTrue(o.stdout().isEmpty(), "nothing of the oversize frame may reach the client: " + o.stdout().length());
            assertEquals(1, evil.hostile().attacks());
            rig.assertHealthyAndRecovers(cl, evil);
        }
    }

    @Test
    void invalidUtf8IsPassedThroughByteForByte() throws Exception {
        rig = new HostileRig(tmp);
        SimulatedDevice evil = rig.startEvilBesideGood(false);
        try (LocalApiClient cl = rig.client()) {
            rig.awaitOnline(cl, "evil");
            evil.hostile().set(HostileMode.BAD_UTF8);
            byte[] out = rawExec("evil", "print(1)");
            assertArrayEquals(concat(HostilePayloads.badUtf8Frames()), out,
                    "REPL bytes are bytes: invalid UTF-8 must neither break the session nor be rewritten");
            assertEquals("online", HostileRig.state(cl, "evil"), "a binary frame out of place is no reason to drop");
            rig.assertHealthyAndRecovers(cl, evil);
        }
    }

    @Test
    void escapeSequencesReachTheApiClientUntouched() throws Exception {
        rig = new HostileRig(tmp);
        SimulatedDevice evil = rig.startEvilBesideGood(false);
        try (LocalApiClient cl = rig.client()) {
            rig.awaitOnline(cl, "evil");
            evil.hostile().set(HostileMode.ANSI);
            byte[] out = rawExec("evil", "print(1)");
            // the API carries the device's bytes; the CLI's shell neutralises them (HostileShellTest)
            assertArrayEquals(concat(HostilePayloads.ansiFrames()), out);
            rig.assertHealthyAndRecovers(cl, evil);
        }
    }

    /** An exec whose stdout is collected as bytes (LocalApiClient decodes it as UTF-8); exit 0 expected. */
    private byte[] rawExec(String device, String code) throws Exception {
        try (RawApiClient raw = new RawApiClient(rig.socket, 1 << 20)) {
            raw.hello();
            raw.send(new Exec(2, device, code.getBytes(StandardCharsets.UTF_8), 0));
            Result r = raw.result();
            assertNotNull(r, "connection closed before the Result");
            assertEquals(0, r.exitCode(), r.message());
            return raw.kept();
        }
    }

    static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        frames.forEach(o::writeBytes);
        return o.toByteArray();
    }
}
