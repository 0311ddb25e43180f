package dev.upyd.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File names, host id, device targets and status lines. */
class LayoutTest {
    @TempDir
    Path home;

    @Test
    void hostIdIsHexOfUserCutToTenAsUpydev() {
        assertEquals("6361726c6f", HostId.of(Map.of("USER", "carlos")));
        assertEquals("6a6f", HostId.of(Map.of("USER", "jo")));
        assertEquals("c3a96d696c", HostId.of(Map.of("USER", "\u00e9mile"))); // UTF-8, as Python's encode()
        String fallback = HostId.of(Map.of());
        assertEquals(HostId.of(Map.of("USER", System.getProperty("user.name"))), fallback);
        assertEquals(fallback, HostId.of(Map.of("USER", "")), "empty USER counts as unset");
    }

    @Test
    void upydevDirectoryIsReadAsItIs() throws Exception {
        for (String n : List.of("ROOT_CA_cert.pem", "ROOT_CA_key.pem", "~ROOT_CA_cert.pem", "~ROOT_CA_key.pem",
                "HOST_cert@6361726c6f.pem", "HOST_key@6361726c6f.pem", "SSL_certificate30aea4233564.pem",
                "SSL_certificate30aea4233564.der", "SSL_key30aea4233564.der", "upydev_.config", "UPY_G.config")) {
            Files.writeString(home.resolve(n), "x");
        }
        UpydKeys k = UpydKeys.in(home);
        assertEquals(Optional.of(home.resolve("HOST_cert@6361726c6f.pem")), k.hostCert());
        assertEquals(Optional.of(home.resolve("HOST_key@6361726c6f.pem")), k.hostKey());
        assertEquals(List.of(home.resolve("ROOT_CA_cert.pem"), home.resolve("~ROOT_CA_cert.pem")),
                k.trustedCaCerts());
        assertEquals(List.of(home.resolve("SSL_certificate30aea4233564.pem")), k.deviceCerts());
        assertEquals(Optional.of("30aea4233564"), UpydKeys.uidOf(k.deviceCerts().get(0)));
        assertEquals(home.resolve("SSL_key30aea4233564.der"), k.deviceKeyDer("30aea4233564"));
        assertEquals(home.resolve("HOST_key@abc.pem"), k.hostKeyFor("abc"));
    }

    @Test
    void emptyOrMissingHomeHasNothing() {
        UpydKeys k = UpydKeys.in(home.resolve("none"));
        assertTrue(k.hostCert().isEmpty());
        assertTrue(k.trustedCaCerts().isEmpty());
        assertTrue(k.deviceCerts().isEmpty());
    }

    @Test
    void upydHomeFollowsUpydHomeThenXdg() {
        assertEquals(Path.of("/x/y"), UpydHome.resolve(Map.of("UPYD_HOME", "/x/y", "XDG_CONFIG_HOME", "/c")));
        assertEquals(Path.of("/c/upyd"), UpydHome.resolve(Map.of("XDG_CONFIG_HOME", "/c")));
        assertEquals(Path.of(System.getProperty("user.home"), ".config", "upyd"), UpydHome.resolve(Map.of()));
    }

    @Test
    void deviceTargetsParseAndNameThemselves() {
        DeviceTarget t = DeviceTarget.parse("esp_room1.local");
        assertEquals("esp_room1.local", t.host());
        assertEquals(8833, t.port());
        assertEquals("wss://esp_room1.local:8833", t.url());
        assertFalse(t.isIpLiteral());
        DeviceTarget p = DeviceTarget.parse("192.168.1.42:9000");
        assertEquals("wss://192.168.1.42:9000", p.url());
        assertTrue(p.isIpLiteral());
        assertEquals(3, p.subjectAltNames().size());
        assertEquals(2, DeviceTarget.parse("192.168.4.1").subjectAltNames().size(), "AP URL not twice");
        assertEquals("::1", DeviceTarget.parse("::1").host());
        assertEquals("wss://10.0.0.5:8833", DeviceTarget.forWss("10.0.0.5:8266").url(), "ws port moves to wss");
        assertEquals("wss://10.0.0.5:8833", DeviceTarget.forWss("10.0.0.5").url());
        assertEquals("wss://10.0.0.5:9999", DeviceTarget.forWss("10.0.0.5:9999").url());
        assertEquals("10.0.0.5:8266", DeviceTarget.forWss("10.0.0.5:8266").configured());
        for (String bad : new String[] {"", "h:x", "h:0", "[::1", "h:70000"}) {
            try {
                DeviceTarget.parse(bad);
                throw new AssertionError("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().length() > 5);
            }
        }
    }

    @Test
    void statusLinesAsUpydev() {
        Instant nb = Instant.parse("2026-01-01T00:00:00Z");
        Instant na = nb.plus(Duration.ofDays(365));
        CertificateStatus fresh = new CertificateStatus("ROOT_CA_cert.pem", nb, na, nb.plusSeconds(1));
        assertTrue(fresh.valid());
        assertEquals("ROOT_CA_cert.pem: Valid [\u2714] @ 364 days, 23:59:59 left.", fresh.line());
        assertNull(fresh.warning());
        CertificateStatus soon = new CertificateStatus("x", nb, na, na.minus(Duration.ofDays(3)));
        assertTrue(soon.expiresSoon());
        assertEquals(3, soon.daysLeft());
        assertTrue(soon.warning().contains("expires in 3 days"), soon.warning());
        CertificateStatus gone = new CertificateStatus("x", nb, na, na.plusSeconds(1));
        assertFalse(gone.valid());
        assertEquals("x: Not Valid [\u2718] @ 2027-01-01T00:00:00Z", gone.line());
        assertNull(gone.warning());
    }
}
