package dev.upyd.cli.kg;

import dev.upyd.cli.Main.ExitCodes;
import dev.upyd.pki.CertificateIssuer.Signer;
import dev.upyd.pki.KeyFileException;
import dev.upyd.pki.KeyFiles;
import dev.upyd.pki.KeySetup;
import dev.upyd.pki.UpydKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/** One {@code kg} invocation: the settings, the parsed options, the output streams and the key store. */
record KgRun(KgSettings settings, KgCommand options, PrintWriter out, PrintWriter err, KeySetup setup,
        Passphrases passphrases) {

    UpydKeys keys() {
        return setup.keys();
    }

    Instant now() {
        return settings.clock().instant();
    }

    /** Opens the CA that signs: env/file passphrase once, or prompts as upydev does. */
    Signer openCa() throws KgException, KeyFileException {
        UpydKeys.CaFiles ca = keys().signingCa();
        if (!Files.isRegularFile(ca.cert()) || !Files.isRegularFile(ca.key())) {
            throw new KgException(ExitCodes.USAGE, "no ROOT CA in " + keys().home()
                    + ": create it first with `upyd kg ssl CA` (or import one with `upyd kg ssl CA add`)");
        }
        if (!KeyFiles.isEncrypted(ca.key())) {
            return setup.loadSigner(null);
        }
        Path file = options.caPassphraseFile;
        return passphrases.open("ROOT CA", ca.key(), "--ca-passphrase-file", file, KgSettings.CA_PASSPHRASE_ENV,
                setup::loadSigner);
    }

    /** Yes at a terminal, or {@code --force} in a script; otherwise the command stops. */
    boolean confirmReplace(String question, String what) throws KgException {
        if (options.force) {
            return true;
        }
        if (!settings.terminal().interactive()) {
            throw new KgException(ExitCodes.USAGE, what + " exists; not replaced without a terminal to ask: "
                    + "use --force to replace it");
        }
        return settings.terminal().confirm(question);
    }

    String requireDevice(String why) throws KgException {
        if (options.device == null || options.device.isBlank()) {
            throw new KgException(ExitCodes.USAGE, why + " needs the device: -@ NAME");
        }
        return options.device;
    }

    /** A private scratch directory inside UPYD_HOME for files on their way to a device; removed after. */
    Path scratch() throws IOException {
        dev.upyd.pki.UpydHome.ensure(keys().home());
        return Files.createTempDirectory(keys().home(), ".upload-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    static void removeTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // left-over scratch files are in the private home; the command's result is unaffected
        }
    }
}
