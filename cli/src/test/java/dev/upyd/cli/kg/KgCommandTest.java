package dev.upyd.cli.kg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.Main.ExitCodes;
import dev.upyd.pki.DeviceIdentity;
import dev.upyd.pki.KeyFiles;
import dev.upyd.pki.UpydKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KgCommandTest {
    static final String CA_PASS = "correct horse CA";
    static final String HOST_PASS = "battery staple host";
    static final String UID = "240ac4e0c0de";
    static final String HOST_ID = "7465737465"; // hex("tester")[:10]

    @TempDir
    Path tmp;
    Path home;
    Path cwd;
    KgHarness kg;

    @BeforeEach
    void setUp() throws IOException {
        home = tmp.resolve("home");
        cwd = Files.createDirectories(tmp.resolve("cwd"));
        kg = new KgHarness(home, cwd).secret("UPYD_CA_PASSPHRASE", CA_PASS).secret("UPYD_HOST_PASSPHRASE",
                HOST_PASS);
    }

    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    void ok(KgHarness.Result r) {
        assertEquals(ExitCodes.OK, r.exit(), r.all());
    }

    void makeCaAndHost() {
        ok(kg.run("kg", "ssl", "CA"));
        ok(kg.run("kg", "ssl", "host"));
    }

    @Test
    void caHostAndDeviceFromScriptsAsTheSeedOrders() throws Exception {
        KgHarness.Result ca = kg.run("kg", "ssl", "CA");
        ok(ca);
        assertTrue(ca.out().contains("ID HOST: " + HOST_ID), ca.out());
        ok(kg.run("kg", "ssl", "host"));
        KgHarness.Result dev = kg.run("kg", "ssl", "dev", "-@", "dev1", "-t", "127.0.0.1", "--uid", UID);
        ok(dev);
        assertTrue(dev.out().contains("ID: " + UID), dev.out());
        assertEquals(List.of("HOST_cert@" + HOST_ID + ".pem", "HOST_key@" + HOST_ID + ".pem", "ROOT_CA_cert.pem",
                "ROOT_CA_key.pem", "SSL_certificate" + UID + ".der", "SSL_certificate" + UID + ".pem",
                "SSL_key" + UID + ".der", "SSL_key" + UID + ".pem"), List.copyOf(snapshot(home).keySet()));
        for (String key : List.of("ROOT_CA_key.pem", "HOST_key@" + HOST_ID + ".pem", "SSL_key" + UID + ".der")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(home.resolve(key))), key);
        }
        UpydKeys keys = UpydKeys.in(home);
        // the daemon's check accepts the device at the address it was made for, and no other
        DeviceIdentity.verify(List.of(KeyFiles.readCertificate(keys.deviceCert(UID))), keys.readTrustedCaCerts(),
                "127.0.0.1", 8833);
        assertThrowsCert(() -> DeviceIdentity.verify(List.of(KeyFiles.readCertificate(keys.deviceCert(UID))),
                keys.readTrustedCaCerts(), "10.1.1.1", 8833));
        assertEquals(keys.hostKeyFor(HOST_ID), keys.hostKey().orElseThrow());
        KeyFiles.readPrivateKey(keys.hostKey().orElseThrow(), HOST_PASS.toCharArray());
        // the real OpenSSL agrees
        if (openssl(home, "version") == 0) {
            assertEquals(0, openssl(home, "verify", "-CAfile", "ROOT_CA_cert.pem", "HOST_cert@" + HOST_ID + ".pem",
                    "SSL_certificate" + UID + ".pem"));
        }
    }

    @Test
    void existingCaIsNotReplacedInAScriptWithoutForce() throws Exception {
        ok(kg.run("kg", "ssl", "CA"));
        Map<String, String> before = snapshot(home);
        KgHarness.Result again = kg.run("kg", "ssl", "CA");
        assertEquals(ExitCodes.USAGE, again.exit(), again.all());
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(before, snapshot(home));
        ok(kg.run("kg", "ssl", "CA", "--force"));
        Map<String, String> after = snapshot(home);
        assertEquals(before.get("ROOT_CA_cert.pem"), after.get("~ROOT_CA_cert.pem"));
        assertEquals(before.get("ROOT_CA_key.pem"), after.get("~ROOT_CA_key.pem"));
        assertNotEquals(before.get("ROOT_CA_cert.pem"), after.get("ROOT_CA_cert.pem"));
    }

    @Test
    void atATerminalTheUserIsAskedAndPassphrasesAreAskedTwice() throws Exception {
        kg.env.remove("UPYD_CA_PASSPHRASE");
        KgHarness.ScriptedTerminal t = new KgHarness.ScriptedTerminal("first", "typo", "first", "first");
        kg.terminal = t;
        kg.secrets.add("first");
        KgHarness.Result r = kg.run("kg", "ssl", "CA");
        ok(r);
        assertTrue(r.err().contains("Passphrases do not match, try again..."), r.err());
        KeyFiles.readPrivateKey(home.resolve("ROOT_CA_key.pem"), "first".toCharArray());
        Map<String, String> before = snapshot(home);
        kg.terminal = new KgHarness.ScriptedTerminal("n");
        ok(kg.run("kg", "ssl", "CA"));
        assertEquals(before, snapshot(home), "answered no: nothing changes");
        KgHarness.ScriptedTerminal yes = new KgHarness.ScriptedTerminal("y", "second", "second");
        kg.terminal = yes;
        kg.secrets.add("second");
        ok(kg.run("kg", "ssl", "CA"));
        assertTrue(yes.prompts.toString().contains("CA certificate detected, generate new one? [y/n]: "),
                yes.prompts.toString());
        assertEquals(before.get("ROOT_CA_key.pem"), snapshot(home).get("~ROOT_CA_key.pem"));
    }

    @Test
    void wrongCaPassphraseInAScriptIsAnAuthErrorAndWritesNothing() throws Exception {
        ok(kg.run("kg", "ssl", "CA"));
        Map<String, String> before = snapshot(home);
        kg.secret("UPYD_CA_PASSPHRASE", "not the CA passphrase");
        KgHarness.Result host = kg.run("kg", "ssl", "host");
        assertEquals(ExitCodes.AUTH, host.exit(), host.all());
        assertTrue(host.err().contains("Passphrase incorrect"), host.err());
        assertTrue(host.err().contains("UPYD_CA_PASSPHRASE"), host.err());
        KgHarness.Result dev = kg.run("kg", "ssl", "dev", "-@", "d", "-t", "h.local", "--uid", UID);
        assertEquals(ExitCodes.AUTH, dev.exit(), dev.all());
        Path wrongFile = Files.writeString(tmp.resolve("pass.txt"), "also wrong\n");
        kg.secrets.add("also wrong");
        assertEquals(ExitCodes.AUTH, kg.run("kg", "ssl", "dev", "-@", "d", "-t", "h.local", "--uid", UID,
                "--passphrase-file", wrongFile.toString()).exit());
        assertEquals(before, snapshot(home));
    }

    @Test
    void wrongPassphraseAtATerminalIsAskedAgain() throws Exception {
        ok(kg.run("kg", "ssl", "CA"));
        kg.env.remove("UPYD_CA_PASSPHRASE");
        KgHarness.ScriptedTerminal t = new KgHarness.ScriptedTerminal("wrong one", CA_PASS);
        kg.secrets.add("wrong one");
        kg.terminal = t;
        KgHarness.Result r = kg.run("kg", "ssl", "dev", "-@", "d", "-t", "h.local", "--uid", UID);
        ok(r);
        assertTrue(r.err().contains("Passphrase incorrect, try again..."), r.err());
        assertTrue(t.prompts.toString().contains("Enter passphrase for ROOT CA key :"), t.prompts.toString());
        kg.terminal = new KgHarness.ScriptedTerminal("w1", "w2", "w3", "w4", "w5");
        KgHarness.Result giveUp = kg.run("kg", "ssl", "dev", "-@", "d", "-t", "h.local", "--uid", UID);
        assertEquals(ExitCodes.AUTH, giveUp.exit(), giveUp.all());
    }

    @Test
    void passphraseFilesServeScripts() throws Exception {
        kg.env.clear();
        kg.env.put("UPYD_HOME", home.toString());
        kg.env.put("USER", "tester");
        Path caFile = Files.writeString(tmp.resolve("ca.pass"), CA_PASS + "\n");
        Path hostFile = Files.writeString(tmp.resolve("host.pass"), HOST_PASS + "\r\n");
        ok(kg.run("kg", "ssl", "CA", "--passphrase-file", caFile.toString()));
        KgHarness.Result none = kg.run("kg", "ssl", "host");
        assertEquals(ExitCodes.USAGE, none.exit());
        assertTrue(none.err().contains("UPYD_CA_PASSPHRASE") && none.err().contains("--ca-passphrase-file"),
                none.err());
        ok(kg.run("kg", "ssl", "host", "--passphrase-file", hostFile.toString(), "--ca-passphrase-file",
                caFile.toString()));
        KeyFiles.readPrivateKey(home.resolve("ROOT_CA_key.pem"), CA_PASS.toCharArray());
        KeyFiles.readPrivateKey(home.resolve("HOST_key@" + HOST_ID + ".pem"), HOST_PASS.toCharArray());
    }

    @Test
    void statusReportsValidityAndWarnsBeforeExpiry() throws Exception {
        makeCaAndHost();
        ok(kg.run("kg", "ssl", "dev", "-@", "dev1", "-t", "10.0.0.5", "--uid", UID));
        ok(kg.run("kg", "ssl", "dev", "-@", "dev2", "-t", "10.0.0.6", "--uid", "30aea4233564"));
        KgHarness.Result ca = kg.run("kg", "ssl", "CA", "status");
        ok(ca);
        assertTrue(ca.out().matches("(?s)ROOT_CA_cert\\.pem: Valid \\[\u2714\\] @ 18(24|25) days?, .* left\\.\\s*"),
                ca.out());
        KgHarness.Result devs = kg.run("kg", "ssl", "dev", "status", "-a");
        ok(devs);
        assertTrue(devs.out().contains("dev1       -> SSL_certificate" + UID + ".pem: Valid"), devs.out());
        assertTrue(devs.out().contains("dev2       -> SSL_certificate30aea4233564.pem: Valid"), devs.out());
        KgHarness.Result one = kg.run("kg", "ssl", "status", "-@", "dev2");
        assertFalse(one.out().contains("dev1"), one.out());
        kg.clock = Clock.fixed(Instant.now().plus(Duration.ofDays(350)), ZoneOffset.UTC);
        KgHarness.Result host = kg.run("kg", "ssl", "host", "status");
        ok(host);
        assertTrue(host.err().contains("expires in 1") && host.err().contains("renew"), host.all());
        kg.clock = Clock.fixed(Instant.now().plus(Duration.ofDays(400)), ZoneOffset.UTC);
        assertTrue(kg.run("kg", "ssl", "dev", "status", "-a").out().contains("Not Valid [\u2718]"));
    }

    @Test
    void exportThenAddOnASecondHost() throws Exception {
        makeCaAndHost();
        ok(kg.run("kg", "ssl", "CA", "export"));
        assertArrayEquals(Files.readAllBytes(home.resolve("ROOT_CA_key.pem")),
                Files.readAllBytes(cwd.resolve("ROOT_CA_key.pem")));
        Path home2 = tmp.resolve("home2");
        KgHarness second = new KgHarness(home2, cwd).secret("UPYD_CA_PASSPHRASE", CA_PASS)
                .secret("UPYD_HOST_PASSPHRASE", "second host pass");
        second.env.put("USER", "other");
        ok(second.run("kg", "ssl", "CA", "add"));
        ok(second.run("kg", "ssl", "host"));
        assertTrue(Files.exists(home2.resolve("HOST_cert@6f74686572.pem")));
        // the second host's certificate chains to the same CA
        DeviceIdentity.verify(List.of(KeyFiles.readCertificate(home2.resolve("HOST_cert@6f74686572.pem"))),
                UpydKeys.in(home).readTrustedCaCerts(), "localhost", 8833);
        // add with -f, names in any order; existing CA needs --force in a script
        KgHarness.Result refused = second.run("kg", "ssl", "CA", "add", "-f", cwd.resolve("ROOT_CA_key.pem").toString(),
                cwd.resolve("ROOT_CA_cert.pem").toString());
        assertEquals(ExitCodes.USAGE, refused.exit(), refused.all());
        ok(second.run("kg", "ssl", "CA", "add", "--force", "-f", cwd.resolve("ROOT_CA_key.pem").toString(),
                cwd.resolve("ROOT_CA_cert.pem").toString()));
        // device certificates: add -f copies them in
        ok(kg.run("kg", "ssl", "dev", "-@", "dev1", "-t", "10.0.0.5", "--uid", UID));
        ok(kg.run("kg", "ssl", "dev", "export", "--uid", UID));
        assertTrue(Files.exists(cwd.resolve("SSL_certificate" + UID + ".pem")));
        ok(second.run("kg", "ssl", "dev", "add", "-f", cwd.resolve("SSL_certificate" + UID + ".pem").toString()));
        assertTrue(Files.exists(home2.resolve("SSL_certificate" + UID + ".pem")));
    }

    @Test
    void rotateSwapsBothPairsAndItsDevicePartSaysWhatIsMissing() throws Exception {
        ok(kg.run("kg", "ssl", "CA"));
        KgHarness.Result noPrevious = kg.run("kg", "ssl", "CA", "rotate");
        assertEquals(ExitCodes.LOCAL_IO, noPrevious.exit(), noPrevious.all());
        assertTrue(noPrevious.err().contains("~ROOT_CA_cert.pem"), noPrevious.err());
        ok(kg.run("kg", "ssl", "CA", "--force"));
        Map<String, String> before = snapshot(home);
        KgHarness.Result tf = kg.run("kg", "ssl", "CA", "rotate", "-tfkey", "-@", "dev1");
        assertEquals(ExitCodes.UNREACHABLE, tf.exit(), tf.all());
        assertTrue(tf.err().contains("needs the upyd daemon"), tf.err());
        assertEquals(before, snapshot(home));
        KgHarness.Result r = kg.run("kg", "ssl", "CA", "rotate");
        ok(r);
        assertTrue(r.out().contains("CA key/cert rotated!."), r.out());
        Map<String, String> after = snapshot(home);
        assertEquals(before.get("ROOT_CA_cert.pem"), after.get("~ROOT_CA_cert.pem"));
        assertEquals(before.get("~ROOT_CA_key.pem"), after.get("ROOT_CA_key.pem"));
    }

    /** A CA, then a second one: the device still holds the first (now ~ROOT_CA_cert.pem on the host). */
    DirectoryDeviceLink deviceWithPreviousCa() throws IOException {
        makeCaAndHost();
        ok(kg.run("kg", "ssl", "CA", "--force"));
        Path flash = Files.createDirectories(tmp.resolve("flash"));
        Files.copy(home.resolve("~ROOT_CA_cert.pem"), flash.resolve("ROOT_CA_cert.pem"));
        assertNotEquals(snapshot(home).get("ROOT_CA_cert.pem"), snapshot(flash).get("ROOT_CA_cert.pem"));
        DirectoryDeviceLink link = new DirectoryDeviceLink(flash, UID, false);
        kg.link = link;
        return link;
    }

    @Test
    void rotateTfkeyPutsTheHostsCurrentCaOnTheDeviceAndLeavesHostFilesAsTheyWere() throws Exception {
        DirectoryDeviceLink link = deviceWithPreviousCa();
        Map<String, String> before = snapshot(home);
        KgHarness.Result r = kg.run("kg", "ssl", "CA", "rotate", "-tfkey", "-@", "dev1");
        ok(r);
        assertEquals(before, snapshot(home), "host files byte-identical");
        Map<String, String> flash = snapshot(link.flash);
        assertEquals(Map.of("ROOT_CA_cert.pem", before.get("ROOT_CA_cert.pem")), flash,
                "the device ends with the host's current CA certificate and nothing staged");
        assertEquals(List.of("exec:import os\nos.rename('~ROOT_CA_cert.pem','ROOT_CA_cert.pem')\n", "reset"),
                link.calls, "rename, then soft reset");
        for (String step : List.of("[1/3] upload ROOT_CA_cert.pem to dev1 as ~ROOT_CA_cert.pem ... done",
                "[2/3] on dev1: os.rename('~ROOT_CA_cert.pem', 'ROOT_CA_cert.pem') ... done",
                "[3/3] soft reset of dev1 ... done")) {
            assertTrue(r.out().contains(step), r.out());
        }
    }

    @Test
    void rotateTfkeyFailingRenameSaysWhichStepAndWhatTheDeviceHolds() throws Exception {
        DirectoryDeviceLink link = deviceWithPreviousCa();
        // a non-empty directory where the certificate goes: the device's os.rename raises
        Path flash = link.flash;
        String oldDeviceCa = snapshot(flash).get("ROOT_CA_cert.pem");
        Files.delete(flash.resolve("ROOT_CA_cert.pem"));
        Files.createDirectories(flash.resolve("ROOT_CA_cert.pem"));
        Files.write(flash.resolve("ROOT_CA_cert.pem/keep"), java.util.HexFormat.of().parseHex(oldDeviceCa));
        Map<String, String> before = snapshot(home);
        KgHarness.Result r = kg.run("kg", "ssl", "CA", "rotate", "-tfkey", "-@", "dev1");
        assertEquals(ExitCodes.DEVICE_EXCEPTION, r.exit(), r.all());
        assertTrue(r.err().contains("step 2/3 (rename on the device) failed"), r.err());
        assertTrue(r.err().contains("dev1 still has its previous ROOT_CA_cert.pem; the new certificate is staged "
                + "there as ~ROOT_CA_cert.pem"), r.err());
        assertTrue(r.err().contains("Host key files unchanged"), r.err());
        assertTrue(r.out().contains("[2/3] on dev1: os.rename('~ROOT_CA_cert.pem', 'ROOT_CA_cert.pem') ... FAILED"),
                r.out());
        assertFalse(r.out().contains("[3/3]"), r.out());
        assertEquals(before, snapshot(home), "host files as before the command");
        assertEquals(before.get("ROOT_CA_cert.pem"), snapshot(flash).get("~ROOT_CA_cert.pem"));
        assertEquals(oldDeviceCa, snapshot(flash).get("ROOT_CA_cert.pem/keep"));
        assertFalse(link.calls.contains("reset"), "no reset after a failed rename: " + link.calls);
    }

    @Test
    void rotateTfkeyFailingUploadStopsBeforeTouchingTheDevicesCertificate() throws Exception {
        makeCaAndHost();
        ok(kg.run("kg", "ssl", "CA", "--force"));
        DirectoryDeviceLink link = new DirectoryDeviceLink(tmp.resolve("no-such-flash"), UID, false);
        kg.link = link;
        Map<String, String> before = snapshot(home);
        KgHarness.Result r = kg.run("kg", "ssl", "CA", "rotate", "-tfkey", "-@", "dev1");
        assertEquals(ExitCodes.UNREACHABLE, r.exit(), r.all());
        assertTrue(r.err().contains("step 1/3 (upload) failed"), r.err());
        assertTrue(r.err().contains("dev1 still has its previous ROOT_CA_cert.pem"), r.err());
        assertEquals(List.of(), link.calls, "nothing run on the device after a failed upload");
        assertEquals(before, snapshot(home));

        KgHarness.Result noDevice = kg.run("kg", "ssl", "CA", "rotate", "-tfkey");
        assertEquals(ExitCodes.USAGE, noDevice.exit(), noDevice.all());
        assertTrue(noDevice.err().contains("-tfkey needs the device: -@ NAME"), noDevice.err());
    }

    @Test
    void aFailingStepLeavesTheOldFilesByteIdentical() throws Exception {
        makeCaAndHost();
        // the old key cannot move to ~ROOT_CA_key.pem (a non-empty directory is in the way) after the old
        // certificate already moved to ~ROOT_CA_cert.pem
        Files.createDirectories(home.resolve("~ROOT_CA_key.pem"));
        Files.writeString(home.resolve("~ROOT_CA_key.pem/keep"), "x");
        Map<String, String> before = snapshot(home);
        KgHarness.Result r = kg.run("kg", "ssl", "CA", "--force");
        assertEquals(ExitCodes.LOCAL_IO, r.exit(), r.all());
        assertTrue(r.err().contains("nothing was changed"), r.err());
        assertEquals(before, snapshot(home));
        try (Stream<Path> s = Files.list(home)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temp files left");
        }
    }

    @Test
    void deviceWithoutUidNeedsTheDaemonAndSaysSo() throws Exception {
        makeCaAndHost();
        Map<String, String> before = snapshot(home);
        KgHarness.Result r = kg.run("kg", "ssl", "dev", "-@", "dev1", "-t", "10.0.0.5");
        assertEquals(ExitCodes.UNREACHABLE, r.exit(), r.all());
        assertTrue(r.err().contains("needs the upyd daemon (`upyd daemon`), not available yet"), r.err());
        assertTrue(r.err().contains("--uid"), r.err());
        KgHarness.Result tf = kg.run("kg", "ssl", "dev", "-@", "dev1", "-t", "10.0.0.5", "--uid", UID, "-tfkey");
        assertEquals(ExitCodes.UNREACHABLE, tf.exit(), tf.all());
        assertEquals(before, snapshot(home), "nothing written when the device cannot be reached");
    }

    @Test
    void tfkeyPutsKeyAndCertificateOnTheDeviceAndKeepsOnlyTheCertificate() throws Exception {
        makeCaAndHost();
        Path flash = Files.createDirectories(tmp.resolve("flash"));
        kg.link = new DirectoryDeviceLink(flash, UID, false);
        KgHarness.Result r = kg.run("kg", "ssl", "dev", "-@", "dev1", "-t", "192.168.1.42", "-tfkey");
        ok(r);
        assertTrue(r.err().contains("WARNING") && r.err().contains("not TLS"), r.err());
        assertEquals(List.of("SSL_certificate" + UID + ".der", "SSL_key" + UID + ".der"),
                List.copyOf(snapshot(flash).keySet()));
        Map<String, String> host = snapshot(home);
        assertTrue(host.containsKey("SSL_certificate" + UID + ".pem"), host.keySet().toString());
        assertFalse(host.keySet().stream().anyMatch(n -> n.startsWith("SSL_key") || n.endsWith(".der")
                || n.startsWith(".")), host.keySet().toString());
        // what the device got belongs together and chains to our CA
        var key = (ECPrivateKey) KeyFiles.readPrivateKey(flash.resolve("SSL_key" + UID + ".der"), null);
        var cert = KeyFiles.readCertificate(flash.resolve("SSL_certificate" + UID + ".der"));
        assertEquals(cert, KeyFiles.readCertificate(home.resolve("SSL_certificate" + UID + ".pem")));
        java.security.Signature sig = java.security.Signature.getInstance("SHA256withECDSA", dev.upyd.pki.Providers.BC);
        sig.initSign(key);
        sig.update("x".getBytes(StandardCharsets.US_ASCII));
        byte[] s = sig.sign();
        sig.initVerify((ECPublicKey) cert.getPublicKey());
        sig.update("x".getBytes(StandardCharsets.US_ASCII));
        assertTrue(sig.verify(s));
        DeviceIdentity.verify(List.of(cert), UpydKeys.in(home).readTrustedCaCerts(), "192.168.1.42", 8833);
        // over TLS there is no warning; the CA certificate goes up with kg ssl CA -tfkey
        kg.link = new DirectoryDeviceLink(flash, UID, true);
        KgHarness.Result tls = kg.run("kg", "ssl", "dev", "-@", "dev1", "-t", "192.168.1.42", "-tfkey");
        ok(tls);
        assertFalse(tls.err().contains("WARNING"), tls.err());
        ok(kg.run("kg", "ssl", "CA", "-tfkey", "-@", "dev1", "--force"));
        assertArrayEquals(Files.readAllBytes(home.resolve("ROOT_CA_cert.pem")),
                Files.readAllBytes(flash.resolve("ROOT_CA_cert.pem")));
    }

    @Test
    void deviceAddressComesFromTheGlobalGroupAsUpydevWroteIt() throws Exception {
        makeCaAndHost();
        Files.writeString(home.resolve("UPY_G.config"),
                "{\"esp_room1\": [\"192.168.1.42:8266\", \"pw\"], \"esp_hall\": [\"esp_hall.local\", \"pw:phrase\"]}");
        kg.secrets.add("phrase");
        ok(kg.run("kg", "ssl", "dev", "-@", "esp_room1", "--uid", UID));
        var cert = KeyFiles.readCertificate(home.resolve("SSL_certificate" + UID + ".pem"));
        // the ws port of the config becomes the wss port, as upydev switches it
        DeviceIdentity.verify(List.of(cert), UpydKeys.in(home).readTrustedCaCerts(), "192.168.1.42", 8833);
        assertEquals("UID=esp32@" + UID + ",SURNAME=192.168.1.42:8266,O=MicroPython,CN=esp_room1",
                new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(cert).getSubject().toString());
        ok(kg.run("kg", "ssl", "-@", "esp_hall", "--uid", "30aea4233564"));
        var hall = KeyFiles.readCertificate(home.resolve("SSL_certificate30aea4233564.pem"));
        DeviceIdentity.verify(List.of(hall), UpydKeys.in(home).readTrustedCaCerts(), "esp_hall.local", 8833);
        KgHarness.Result unknown = kg.run("kg", "ssl", "-@", "esp_attic", "--uid", UID);
        assertEquals(ExitCodes.USAGE, unknown.exit());
        assertTrue(unknown.err().contains("esp_attic is not in") && unknown.err().contains("-t ADDR"), unknown.err());
    }

    @Test
    void upydevGrammarAndItsErrors() {
        KgHarness.Result rsa = kg.run("kg", "rsa");
        assertEquals(ExitCodes.USAGE, rsa.exit());
        assertTrue(rsa.err().contains("not supported by upyd"), rsa.err());
        assertEquals(ExitCodes.USAGE, kg.run("kg", "wr").exit());
        KgHarness.Result order = kg.run("kg", "ssl", "rotate", "CA");
        assertEquals(ExitCodes.USAGE, order.exit());
        assertTrue(order.err().contains("in that order"), order.err());
        KgHarness.Result badUid = kg.run("kg", "ssl", "dev", "-t", "h", "--uid", "xyz!");
        assertEquals(ExitCodes.USAGE, badUid.exit());
        assertTrue(badUid.err().contains("hex"), badUid.err());
        KgHarness.Result noTarget = kg.run("kg", "ssl", "-@", "dev1", "--uid", UID);
        assertEquals(ExitCodes.USAGE, noTarget.exit());
        assertTrue(noTarget.err().contains("-t ADDR"), noTarget.err());
        KgHarness.Result noCa = kg.run("kg", "ssl", "host");
        assertEquals(ExitCodes.USAGE, noCa.exit());
        assertTrue(noCa.err().contains("upyd kg ssl CA"), noCa.err());
        assertEquals(ExitCodes.USAGE, kg.run("kg").exit(), "MODE is required");
        // -p is accepted (upydev command lines carry it) and never echoed
        kg.secrets.add("pw:phrase");
        assertEquals(ExitCodes.USAGE, kg.run("kg", "ssl", "host", "status", "-p", "pw:phrase").exit());
    }

    static void assertThrowsCert(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(java.security.cert.CertificateException.class, e);
    }

    static int openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return -1; // not installed
        }
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -2;
        }
        return p.exitValue();
    }
}
