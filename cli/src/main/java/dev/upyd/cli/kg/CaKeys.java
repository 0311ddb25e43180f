package dev.upyd.cli.kg;

import dev.upyd.cli.Main.ExitCodes;
import dev.upyd.pki.CertificateIssuer;
import dev.upyd.pki.CertificateIssuer.Issued;
import dev.upyd.pki.CertificateStatus;
import dev.upyd.pki.DistinguishedNames;
import dev.upyd.pki.KeyEncodings;
import dev.upyd.pki.KeyFileException;
import dev.upyd.pki.KeyFiles;
import dev.upyd.pki.UpydKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** {@code kg ssl CA [gen|status|export|add|rotate]}. */
final class CaKeys {
    private final KgRun run;

    CaKeys(KgRun run) {
        this.run = run;
    }

    int run(String sub) throws Exception {
        return switch (sub) {
            case "status" -> status();
            case "export" -> export();
            case "add" -> add();
            case "rotate" -> rotate();
            default -> generate();
        };
    }

    private int generate() throws Exception {
        UpydKeys keys = run.keys();
        run.out().println("Generating ROOT CA key/cert chain...");
        run.out().println("ID HOST: " + run.settings().hostFacts().hostId());
        run.out().flush();
        String device = run.options().transfer ? run.requireDevice("-tfkey") : null;
        if (run.setup().hasCa()) {
            boolean replace = run.confirmReplace("CA certificate detected, generate new one? [y/n]: ",
                    keys.caCert().toString());
            if (!replace) {
                if (device != null && run.settings().terminal().confirm(
                        "Transfer existent CA certificate to device? [y/n]: ")) {
                    run.settings().deviceLink().upload(device, keys.caCert(), UpydKeys.CA_CERT);
                    run.out().println(UpydKeys.CA_CERT + " sent to " + device);
                }
                return ExitCodes.OK;
            }
        }
        char[] pass = run.passphrases().fresh("ROOT CA", "--passphrase-file", run.options().passphraseFile,
                dev.upyd.cli.kg.KgSettings.CA_PASSPHRASE_ENV);
        try {
            Issued ca = CertificateIssuer.rootCa(DistinguishedNames.rootCa(run.settings().hostFacts()), run.now());
            if (device != null) {
                // upydev's order: the device gets the new certificate first; only then does the host switch
                Path dir = run.scratch();
                try {
                    Path cert = dir.resolve(UpydKeys.CA_CERT);
                    Files.write(cert, KeyEncodings.certificatePem(ca.certificate()));
                    run.settings().deviceLink().upload(device, cert, UpydKeys.CA_CERT);
                } finally {
                    KgRun.removeTree(dir);
                }
                run.out().println(UpydKeys.CA_CERT + " sent to " + device);
            }
            boolean had = run.setup().hasCa();
            run.setup().installCa(ca, pass);
            run.out().println("ROOT CA key/cert written: " + keys.caKey() + ", " + keys.caCert());
            if (had) {
                run.out().println("previous pair kept as " + keys.previousCaKey().getFileName() + ", "
                        + keys.previousCaCert().getFileName());
            }
            return ExitCodes.OK;
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    private int status() throws KgException, KeyFileException {
        UpydKeys keys = run.keys();
        if (!Files.isRegularFile(keys.caCert())) {
            throw new KgException(ExitCodes.USAGE, "no ROOT CA in " + keys.home() + " (create it: upyd kg ssl CA)");
        }
        print(keys.caCert());
        if (Files.isRegularFile(keys.previousCaCert())) {
            print(keys.previousCaCert());
        }
        return ExitCodes.OK;
    }

    private void print(Path cert) throws KeyFileException {
        CertificateStatus st = CertificateStatus.of(cert.getFileName().toString(), KeyFiles.readCertificate(cert),
                run.now());
        run.out().println(st.line());
        if (st.warning() != null) {
            run.err().println(st.warning());
        }
    }

    private int export() throws IOException, KeyFileException {
        List<Path> written = run.setup().exportCa(run.settings().cwd());
        for (Path p : written) {
            run.out().println("exported " + p);
        }
        run.out().println("On the next host: `upyd kg ssl CA add` in that directory, then `upyd kg ssl host`.");
        return ExitCodes.OK;
    }

    private int add() throws Exception {
        Path cert;
        Path key;
        List<Path> given = run.options().files;
        if (given.isEmpty()) {
            cert = run.settings().cwd().resolve(UpydKeys.CA_CERT);
            key = run.settings().cwd().resolve(UpydKeys.CA_KEY);
        } else if (given.size() == 2) {
            Path[] sorted = certFirst(given.get(0), given.get(1));
            cert = sorted[0];
            key = sorted[1];
        } else {
            throw new KgException(ExitCodes.USAGE, "kg ssl CA add -f takes the CA certificate and the CA key");
        }
        for (Path p : List.of(cert, key)) {
            if (!Files.isRegularFile(p)) {
                throw new KgException(ExitCodes.USAGE, p + " does not exist (export it on the first host with "
                        + "`upyd kg ssl CA export`)");
            }
        }
        if (run.setup().hasCa() && !run.confirmReplace("CA certificate detected, overwrite with new one? [y/n]: ",
                run.keys().caCert().toString())) {
            return ExitCodes.OK;
        }
        run.setup().addCa(cert, key);
        run.out().println("ROOT CA imported into " + run.keys().home() + "; now run `upyd kg ssl host`.");
        return ExitCodes.OK;
    }

    /** Tells certificate from key by content, whatever the names. */
    private static Path[] certFirst(Path a, Path b) throws KgException {
        try {
            KeyFiles.readCertificate(a);
            return new Path[] {a, b};
        } catch (KeyFileException notACert) {
            try {
                KeyFiles.readCertificate(b);
                return new Path[] {b, a};
            } catch (KeyFileException e) {
                throw new KgException(ExitCodes.USAGE, "neither " + a + " nor " + b + " is a certificate");
            }
        }
    }

    private int rotate() throws Exception {
        if (run.options().transfer) {
            return new DeviceCaRotation(run.settings().deviceLink(), run.out())
                    .install(run.requireDevice("-tfkey"), run.keys().caCert());
        }
        run.setup().rotateCa();
        run.out().println("CA key/cert rotated!.");
        return ExitCodes.OK;
    }
}
