package dev.upyd.daemon.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.daemon.api.LocalApiClient;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.hostile.HostileMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bogus WB records and GET chunks in answer to file operations (issue #9): every transfer ends with a
 * non-zero result and a reason within seconds (file timeout 2 s), never hangs and never downloads
 * without end; the healthy device and ListDevices keep working; once honest, the session is back.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HostileFileOpsTest {
    static final byte[] CONTENT = content(3000);

    @TempDir
    Path tmp;
    HostileRig rig;

    @AfterEach
    void tearDown() {
        if (rig != null) {
            rig.close();
        }
    }

    static byte[] content(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(value = HostileMode.class, names = {"WB_SIGNATURE", "WB_STATUS", "WB_TRUNCATED", "GET_CHUNK_OVERSIZE",
            "GET_ENDLESS"})
    void bogusGetAnswersFailTheDownloadWithAReason(HostileMode mode) throws Exception {
        rig = new HostileRig(tmp);
        SimulatedDevice evil = rig.startEvilBesideGood(false);
        Files.write(evil.deviceDir().resolve("data.txt"), CONTENT);
        try (LocalApiClient cl = rig.client()) {
            rig.awaitOnline(cl, "evil");
            evil.hostile().set(mode);
            long t0 = System.nanoTime();
            LocalApiClient.Download d = cl.get("evil", "data.txt", HostileRig.T);
            long ms = (System.nanoTime() - t0) / 1_000_000L;
            System.out.println("[hostile] GET " + mode + ": exit " + d.exitCode() + " after " + ms + " ms, "
                    + d.data().length + " bytes: " + d.message());
            assertNotEquals(0, d.exitCode(), d.message());
            assertTrue(d.exitCode() > 0, "a Result with a reason, not a lost connection: " + d.message());
            assertTrue(d.message().length() > 10, d.message());
            assertTrue(d.data().length <= CONTENT.length + 256, "downloaded " + d.data().length + " bytes of a "
                    + CONTENT.length + "-byte file");
            assertEquals(1, evil.hostile().attacks());
            assertRecovers(cl, evil);
        }
    }

    @ParameterizedTest
    @EnumSource(value = HostileMode.class, names = {"WB_SIGNATURE", "WB_STATUS", "WB_TRUNCATED", "PUT_EARLY_ANSWER"})
    void bogusPutAnswersFailTheUploadWithAReason(HostileMode mode) throws Exception {
        rig = new HostileRig(tmp);
        SimulatedDevice evil = rig.startEvilBesideGood(false);
        try (LocalApiClient cl = rig.client()) {
            rig.awaitOnline(cl, "evil");
            evil.hostile().set(mode);
            LocalApiClient.Outcome o = cl.put("evil", "up.txt", CONTENT, HostileRig.T);
            System.out.println("[hostile] PUT " + mode + ": exit " + o.exitCode() + ": " + o.message());
            assertTrue(o.exitCode() > 0, o.toString());
            assertTrue(o.message().length() > 10, o.message());
            assertTrue(!Files.exists(evil.deviceDir().resolve("up.txt")), "no file may appear");
            assertRecovers(cl, evil);
        }
    }

    /** As {@link HostileRig#assertHealthyAndRecovers}, and a file transfer works again too. */
    private void assertRecovers(LocalApiClient cl, SimulatedDevice evil) throws Exception {
        rig.assertHealthyAndRecovers(cl, evil);
        Files.write(evil.deviceDir().resolve("back.txt"), CONTENT);
        LocalApiClient.Download d = cl.get("evil", "back.txt", HostileRig.T);
        assertEquals(0, d.exitCode(), d.message());
        assertTrue(Arrays.equals(CONTENT, d.data()));
    }
}
