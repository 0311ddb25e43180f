package dev.upyd.cli.kg;

import dev.upyd.cli.Main.ExitCodes;
import dev.upyd.pki.CertificateIssuer;
import dev.upyd.pki.CertificateIssuer.Issued;
import dev.upyd.pki.CertificateIssuer.Signer;
import dev.upyd.pki.CertificateStatus;
import dev.upyd.pki.KeyFiles;
import dev.upyd.pki.UpydKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** {@code kg ssl host [gen|status]}: this host's client key pair, signed by the ROOT CA. */
final class HostKeys {
    private final KgRun run;

    HostKeys(KgRun run) {
        this.run = run;
    }

    int run(String sub) throws Exception {
        return switch (sub) {
            case "gen" -> generate();
            case "status" -> status();
            default -> throw new KgException(ExitCodes.USAGE, "kg ssl host " + sub + " does not exist (upydev has "
                    + "none either); use kg ssl host or kg ssl host status");
        };
    }

    private int generate() throws Exception {
        String id = run.settings().hostFacts().hostId();
        UpydKeys keys = run.keys();
        run.out().println("ID HOST: " + id);
        run.out().flush();
        if (run.options().transfer) {
            run.err().println("note: -tfkey does nothing for the host pair (the device only needs the CA "
                    + "certificate)");
        }
        if (Files.isRegularFile(keys.hostCertFor(id))
                && !run.confirmReplace("Host certificate detected, generate new one? [y/n]: ",
                        keys.hostCertFor(id).toString())) {
            return ExitCodes.OK;
        }
        Signer ca = run.openCa();
        char[] pass = run.passphrases().fresh("HOST", "--passphrase-file", run.options().passphraseFile,
                KgSettings.HOST_PASSPHRASE_ENV);
        try {
            Issued host = CertificateIssuer.host(ca,
                    CertificateIssuer.hostSubjectAltNames(run.settings().hostFacts()), run.now());
            run.setup().installHost(id, host, pass);
        } finally {
            Arrays.fill(pass, '\0');
        }
        run.out().println("HOST key/cert written: " + keys.hostKeyFor(id) + ", " + keys.hostCertFor(id));
        return ExitCodes.OK;
    }

    private int status() throws Exception {
        Path own = run.keys().hostCertFor(run.settings().hostFacts().hostId());
        Path cert = Files.isRegularFile(own) ? own : run.keys().hostCert().orElseThrow(() -> new KgException(
                ExitCodes.USAGE, "no HOST certificate in " + run.keys().home() + " (create it: upyd kg ssl host)"));
        CertificateStatus st = CertificateStatus.of(cert.getFileName().toString(), KeyFiles.readCertificate(cert),
                run.now());
        run.out().println(st.line());
        if (st.warning() != null) {
            run.err().println(st.warning());
        }
        return ExitCodes.OK;
    }
}
