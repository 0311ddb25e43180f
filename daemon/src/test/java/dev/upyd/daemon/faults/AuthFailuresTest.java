package dev.upyd.daemon.faults;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.daemon.device.DeviceSession;
import dev.upyd.pki.config.GroupEntry;
import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.protocol.api.DeviceList;
import dev.upyd.protocol.api.ListDevices;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication that can never succeed by retrying: the state is auth-failed, ListDevices shows why,
 * and attempts follow the slow auth retry interval (2 s here), counted at the proxy over a window.
 */
class AuthFailuresTest {
    static final Duration T = Duration.ofSeconds(20);
    static final long AUTH_RETRY = 2000;
    static final long WINDOW = 5000;

    @TempDir
    Path tmp;
    FaultRig rig;

    @AfterEach
    void tearDown() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void wrongPassword() throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("w");
        FaultProxy proxy = rig.proxy(d);
        rig.writeGroup(GroupEntry.of("w", "127.0.0.1:" + proxy.port(), "nottheone:" + FaultRig.HOST_PASSPHRASE));
        String why = expectAuthFailed("w", proxy, "wrong password");
        assertTrue(why.contains("wrong WebREPL password"), why);
        assertTrue(!why.contains("nottheone"), "the password leaks into lastError: " + why);
        assertEquals(0, d.stats().loginsOk());
    }

    @Test
    void deviceCertificateFromAForeignCa() throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("c");
        TestPki foreign = TestPki.create("foreign CA");
        DeviceCertificates.write(d.deviceDir(), SimDevices.UID, foreign.caCertificate(), foreign.caKey(),
                Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(300, ChronoUnit.DAYS), "localhost");
        d.restart(); // the device reads its certificate at boot
        FaultProxy proxy = rig.proxy(d);
        rig.writeGroup(FaultRig.entry("c", proxy.port()));
        String why = expectAuthFailed("c", proxy, "foreign-CA device certificate");
        assertTrue(why.contains("device certificate"), why);
        assertEquals(0, d.stats().loginsOk());
    }

    @Test
    void expiredDeviceCertificate() throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("e");
        FaultProxy proxy = rig.proxy(d);
        DeviceCertificates.write(d.deviceDir(), SimDevices.UID, rig.pki.caCertificate(), rig.pki.caKey(),
                Instant.now().minus(400, ChronoUnit.DAYS), Instant.now().minus(10, ChronoUnit.DAYS),
                "wss://127.0.0.1:" + proxy.port(), "localhost");
        d.restart();
        rig.writeGroup(FaultRig.entry("e", proxy.port()));
        String why = expectAuthFailed("e", proxy, "expired device certificate");
        assertTrue(why.contains("device certificate") && why.toLowerCase().contains("expired"), why);
        assertEquals(0, d.stats().loginsOk());
    }

    @Test
    void deviceCertificateForAnotherName() throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("n");
        FaultProxy proxy = rig.proxy(d);
        DeviceCertificates.write(d.deviceDir(), SimDevices.UID, rig.pki.caCertificate(), rig.pki.caKey(),
                Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(300, ChronoUnit.DAYS),
                "wss://192.168.1.77:8833", "esp_other.local");
        d.restart();
        rig.writeGroup(FaultRig.entry("n", proxy.port()));
        String why = expectAuthFailed("n", proxy, "certificate for another name");
        assertTrue(why.contains("device certificate") && why.contains("but not 127.0.0.1:" + proxy.port()), why);
        assertTrue(why.contains("esp_other.local"), "the reason names what the certificate does name: " + why);
        assertEquals(0, d.stats().loginsOk());
    }

    /**
     * A board that aborts its handshake with an alert that is not about our certificate (handshake_failure, as
     * an ESP32 short of heap sends; here a real BCJSSE server with no cipher suite in common) is retried with
     * the normal backoff, not parked in auth-failed for minutes.
     */
    @Test
    void aHandshakeAbortNotAboutOurCertificateIsRetriedNormally() throws Exception {
        rig = new FaultRig(tmp);
        TestPki.DeviceIdentity id = rig.pki.issueDevice(SimDevices.UID, "h");
        dev.upyd.pki.TlsMaterial tls = dev.upyd.pki.TlsMaterial.of(id.key(),
                java.util.List.of(id.certificate(), rig.pki.caCertificate()), java.util.List.of(rig.pki.caCertificate()));
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.2", dev.upyd.pki.Providers.BCJSSE);
        ctx.init(tls.keyManagers().getKeyManagers(), tls.trustManagers().getTrustManagers(), null);
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        try (javax.net.ssl.SSLServerSocket server = (javax.net.ssl.SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // none of the daemon's suites (CCM_8, GCM): the server answers the ClientHello with handshake_failure
            server.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"});
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (javax.net.ssl.SSLSocket so = (javax.net.ssl.SSLSocket) server.accept()) {
                        accepted.incrementAndGet();
                        so.startHandshake();
                    } catch (java.io.IOException e) {
                        // the aborted handshake, or the server closing at the end
                    }
                }
            }, "aborting-board");
            t.setDaemon(true);
            t.start();
            rig.writeGroup(FaultRig.entry("h", server.getLocalPort()));
            rig.startDaemon();
            FaultRig.await("three attempts", 15000, () -> accepted.get() >= 3);
            DeviceSession.Info i = rig.info("h");
            System.out.println("[measure] handshake_failure from the board: " + accepted.get()
                    + " attempts; state " + i.state() + "; lastError: " + i.lastError());
            assertTrue(!i.state().equals("auth-failed"), "parked as an auth failure: " + i.lastError());
            assertTrue(i.lastError().contains("aborted the TLS handshake") && i.lastError().contains("handshake_failure"),
                    i.lastError());
        }
    }

    /** Starts the daemon, waits for auth-failed, checks ListDevices and the attempt rate; returns lastError. */
    private String expectAuthFailed(String name, FaultProxy proxy, String what) throws Exception {
        rig.startDaemon();
        rig.awaitState(name, "auth-failed", 15000);
        int before = proxy.accepted();
        long t0 = System.nanoTime();
        Thread.sleep(WINDOW);
        int attempts = proxy.accepted() - before;
        long window = FaultRig.millisSince(t0);
        try (LocalApiClient cl = rig.client()) {
            int id = cl.nextId();
            cl.send(new ListDevices(id));
            DeviceList l = assertInstanceOf(DeviceList.class, cl.next(id, T));
            DeviceInfo i = l.devices().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            System.out.println("[measure] " + what + ": state " + i.state() + ", " + attempts + " attempts in "
                    + window + " ms (auth retry " + AUTH_RETRY + " ms); lastError: " + i.lastError());
            assertEquals("auth-failed", i.state());
            assertTrue(!i.lastError().isBlank(), "no reason shown");
            assertTrue(i.nextRetryAtMillis() > System.currentTimeMillis() - 100, "no next retry shown");
            assertTrue(attempts <= window / AUTH_RETRY + 1, "retry storm: " + attempts + " attempts in " + window + " ms");
            assertTrue(attempts >= 1, "never retried: the device may be fixed later");
            LocalApiClient.Outcome o = cl.exec(name, "print(1)", T);
            assertEquals(4, o.exitCode(), o.message());
            assertTrue(o.message().contains("auth-failed"), o.message());
            return i.lastError();
        }
    }
}
