package dev.upyd.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.pki.CertificateIssuer.Issued;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySetupTest {
    static final char[] PASS = "pass one".toCharArray();
    static final HostFacts FACTS = new HostFacts("linux", "h", "tester", HostId.of("tester", 10),
            InetAddress.getLoopbackAddress());

    @TempDir
    Path tmp;

    static Issued newCa(Instant at) {
        return CertificateIssuer.rootCa(DistinguishedNames.rootCa(FACTS), at);
    }

    /** Every file of a directory with its bytes, to compare before and after. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    @Test
    void firstCaCreatesAPrivateDirectoryAndPrivateKey() throws Exception {
        Path home = tmp.resolve("a/upyd");
        new KeySetup(UpydKeys.in(home)).installCa(newCa(Instant.now()), PASS);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("ROOT_CA_key.pem"))));
        assertEquals(List.of("ROOT_CA_cert.pem", "ROOT_CA_key.pem"), List.copyOf(snapshot(home).keySet()));
    }

    @Test
    void aNewCaKeepsThePreviousPairAsTilde() throws Exception {
        KeySetup s = new KeySetup(UpydKeys.in(tmp));
        s.installCa(newCa(Instant.now()), PASS);
        byte[] oldCert = Files.readAllBytes(tmp.resolve("ROOT_CA_cert.pem"));
        byte[] oldKey = Files.readAllBytes(tmp.resolve("ROOT_CA_key.pem"));
        s.installCa(newCa(Instant.now()), PASS);
        assertArrayEquals(oldCert, Files.readAllBytes(tmp.resolve("~ROOT_CA_cert.pem")));
        assertArrayEquals(oldKey, Files.readAllBytes(tmp.resolve("~ROOT_CA_key.pem")));
        assertFalse(java.util.Arrays.equals(oldCert, Files.readAllBytes(tmp.resolve("ROOT_CA_cert.pem"))));
        assertEquals(2, UpydKeys.in(tmp).trustedCaCerts().size());
        assertEquals(4, snapshot(tmp).size(), "no temporary or backup file left: " + snapshot(tmp).keySet());
    }

    @Test
    void aFailureHalfwayLeavesEveryFileAsItWas() throws Exception {
        KeySetup s = new KeySetup(UpydKeys.in(tmp));
        s.installCa(newCa(Instant.now()), PASS);
        // ~ROOT_CA_key.pem is a non-empty directory: moving the old key there fails after the old cert
        // already moved to ~ROOT_CA_cert.pem
        Files.createDirectories(tmp.resolve("~ROOT_CA_key.pem"));
        Files.writeString(tmp.resolve("~ROOT_CA_key.pem/blocker"), "x");
        Map<String, String> before = snapshot(tmp);
        assertThrows(IOException.class, () -> s.installCa(newCa(Instant.now()), PASS));
        assertEquals(before, snapshot(tmp));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("ROOT_CA_cert.pem", "ROOT_CA_key.pem", "~ROOT_CA_key.pem"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no stray temp files");
        }
    }

    @Test
    void fileBatchRollsBackWritesWhenALaterStepFails() throws Exception {
        Path a = tmp.resolve("a.pem");
        Files.writeString(a, "old a");
        FileBatch b = new FileBatch();
        b.write(a, "new a".getBytes(), "rw-------").write(tmp.resolve("b.pem"), "new b".getBytes(), "rw-------")
                .move(tmp.resolve("b.pem"), tmp.resolve("no/such/dir/b.pem"));
        assertThrows(IOException.class, b::commit);
        assertEquals("old a", Files.readString(a));
        assertFalse(Files.exists(tmp.resolve("b.pem")));
        assertEquals(1, snapshot(tmp).size(), snapshot(tmp).keySet().toString());
    }

    @Test
    void signerIsTheNewestOfCurrentAndTildePair() throws Exception {
        KeySetup s = new KeySetup(UpydKeys.in(tmp));
        s.installCa(newCa(Instant.now().minus(Duration.ofDays(10))), PASS);
        s.installCa(newCa(Instant.now()), PASS);
        var newest = s.loadSigner(PASS).certificate();
        assertEquals(UpydKeys.in(tmp).caCert(), UpydKeys.in(tmp).signingCa().cert());
        s.rotateCa(); // now ~ holds the newer one
        assertEquals(UpydKeys.in(tmp).previousCaCert(), UpydKeys.in(tmp).signingCa().cert());
        assertEquals(newest, s.loadSigner(PASS).certificate());
    }

    @Test
    void rotateSwapsContentsAndNeedsBothPairs() throws Exception {
        KeySetup s = new KeySetup(UpydKeys.in(tmp));
        s.installCa(newCa(Instant.now()), PASS);
        KeyFileException missing = assertThrows(KeyFileException.class, s::rotateCa);
        assertTrue(missing.getMessage().contains("~ROOT_CA_cert.pem"), missing.getMessage());
        s.installCa(newCa(Instant.now()), PASS);
        Map<String, String> before = snapshot(tmp);
        s.rotateCa();
        Map<String, String> after = snapshot(tmp);
        assertEquals(before.get("ROOT_CA_cert.pem"), after.get("~ROOT_CA_cert.pem"));
        assertEquals(before.get("~ROOT_CA_key.pem"), after.get("ROOT_CA_key.pem"));
        s.rotateCa();
        assertEquals(before, snapshot(tmp));
    }

    @Test
    void exportAndAddMoveACaPairToASecondHost() throws Exception {
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        Path out = tmp.resolve("cwd");
        Files.createDirectories(out);
        KeySetup one = new KeySetup(UpydKeys.in(first));
        one.installCa(newCa(Instant.now()), PASS);
        List<Path> exported = one.exportCa(out);
        assertEquals(2, exported.size());
        KeySetup two = new KeySetup(UpydKeys.in(second));
        two.addCa(out.resolve("ROOT_CA_cert.pem"), out.resolve("ROOT_CA_key.pem"));
        assertArrayEquals(Files.readAllBytes(first.resolve("ROOT_CA_key.pem")),
                Files.readAllBytes(second.resolve("ROOT_CA_key.pem")));
        assertEquals(one.loadSigner(PASS).certificate(), two.loadSigner(PASS).certificate());
        // a leaf is no CA, and a key of another pair is refused
        Issued other = newCa(Instant.now());
        Path leafish = tmp.resolve("leaf.pem");
        Files.write(leafish, KeyEncodings.certificatePem(CertificateIssuer.host(two.loadSigner(PASS),
                CertificateIssuer.hostSubjectAltNames(FACTS), Instant.now()).certificate()));
        assertThrows(KeyFileException.class, () -> two.addCa(leafish, out.resolve("ROOT_CA_key.pem")));
        Path plainOther = tmp.resolve("other-key.pem");
        Files.write(plainOther, KeyEncodings.sec1Pem(other.keyPair()));
        KeyFileException e = assertThrows(KeyFileException.class,
                () -> two.addCa(out.resolve("ROOT_CA_cert.pem"), plainOther));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void tfkeyLeavesOnlyTheCertificatePemOnTheHost() throws Exception {
        KeySetup s = new KeySetup(UpydKeys.in(tmp));
        s.installCa(newCa(Instant.now()), PASS);
        Issued dev = CertificateIssuer.device(s.loadSigner(PASS), DistinguishedNames.device("esp32", "aa", "h", "d"),
                DeviceTarget.parse("h"), Instant.now());
        s.installDevice("aa", dev);
        assertEquals(6, snapshot(tmp).size());
        Path up = tmp.resolve("upload");
        Files.createDirectories(up);
        assertEquals(List.of(up.resolve("SSL_keyaa.der"), up.resolve("SSL_certificateaa.der")),
                KeySetup.deviceUploadFiles(up, "aa", dev));
        s.installDeviceCertificateOnly("aa", dev.certificate());
        assertEquals(List.of("ROOT_CA_cert.pem", "ROOT_CA_key.pem", "SSL_certificateaa.pem", "upload/SSL_certificateaa.der",
                "upload/SSL_keyaa.der"), List.copyOf(snapshot(tmp).keySet()));
    }
}
