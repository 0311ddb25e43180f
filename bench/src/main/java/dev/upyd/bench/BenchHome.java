package dev.upyd.bench;

import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A UPYD_HOME as `upyd kg ssl` leaves it (ROOT CA certificate, host certificate, host key encrypted
 * with a passphrase) for the test PKI the simulated devices trust, and the group file naming them.
 * The secrets are fixed test values: the bench never touches a user's real keys.
 */
final class BenchHome {
    static final String HOST_PASSPHRASE = "benchphrase";

    final Path home;
    final TestPki pki;

    BenchHome(Path home, TestPki pki) throws IOException {
        this.home = home;
        this.pki = pki;
        Files.createDirectories(home);
        pki.writeCaPem(home.resolve("ROOT_CA_cert.pem"));
        Files.writeString(home.resolve("HOST_cert@62656e63.pem"), TestPki.pem(pki.hostCertificate()),
                StandardCharsets.US_ASCII);
        Files.writeString(home.resolve("HOST_key@62656e63.pem"), encryptedHostKey(), StandardCharsets.US_ASCII);
    }

    private String encryptedHostKey() throws IOException {
        return pki.encryptedHostKeyPem(HOST_PASSPHRASE);
    }

    /** A wss entry as upydev writes it ({@code password:passphrase} means TLS). */
    static GroupEntry tlsEntry(String name, int port) {
        return GroupEntry.of(name, "127.0.0.1:" + port, SimDevices.PASSWORD + ":" + HOST_PASSPHRASE);
    }

    void writeGroup(List<GroupEntry> entries) throws IOException {
        GroupConfig c = GroupConfig.empty();
        for (GroupEntry e : entries) {
            c = c.with(e);
        }
        c.write(GroupConfig.fileIn(home));
    }

    /** Deletes a bench work folder (best effort: it only holds files the bench made). */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // leave it; it is under /tmp
                }
            });
        } catch (IOException e) {
            // leave it
        }
    }
}
