package dev.upyd.cli.kg;

import dev.upyd.cli.Main.ExitCodes;
import dev.upyd.cli.device.DeviceCode;
import dev.upyd.pki.KeyFileException;
import dev.upyd.pki.KeyFiles;
import dev.upyd.pki.UpydKeys;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code kg ssl CA rotate -tfkey -@ NAME}: puts the host's current ROOT CA certificate on the device, as
 * upydev's rotation does, and leaves the host files as they were.
 *
 * <p>upydev swaps the host pairs, uploads the now-{@code ~} certificate, renames it on the device, soft
 * resets, and swaps back. The swap exists only because upydev's connection trusts {@code ROOT_CA_cert.pem}
 * alone, and the device may still present a certificate of the other CA. upyd's daemon already trusts
 * both {@code ROOT_CA_cert*.pem} and {@code ~ROOT_CA_cert.pem} ({@code UpydKeys.trustedCaCerts}), so the
 * swap would change nothing on the wire; it would only open a window in which an interrupted command
 * leaves this host's CA rotated. So the host files are never touched here: the net effect is upydev's,
 * and a failing device step needs no host rollback.
 *
 * <p>The certificate lands as {@code ~ROOT_CA_cert.pem} first and is renamed only after the upload is
 * complete and checked (SHA-256), so the device's live {@code ROOT_CA_cert.pem} is never half written.
 */
final class DeviceCaRotation {
    static final String STAGED = "~" + UpydKeys.CA_CERT;
    static final int STEPS = 3;

    private final DeviceLink link;
    private final PrintWriter out;

    DeviceCaRotation(DeviceLink link, PrintWriter out) {
        this.link = link;
        this.out = out;
    }

    int install(String device, Path caCert) throws KgException, KeyFileException, DeviceLinkException {
        if (!Files.isRegularFile(caCert)) {
            throw new KgException(ExitCodes.USAGE, caCert + " does not exist: nothing to install on " + device
                    + " (create a CA with `upyd kg ssl CA`)");
        }
        KeyFiles.readCertificate(caCert); // a broken file never reaches the device
        out.println("Installing this host's ROOT CA certificate (" + caCert + ") on " + device + ":");

        step(1, "upload " + UpydKeys.CA_CERT + " to " + device + " as " + STAGED);
        try {
            link.upload(device, caCert, STAGED);
        } catch (DeviceLinkException e) {
            throw failed(e, 1, "upload", device + " still has its previous " + UpydKeys.CA_CERT
                    + "; an incomplete " + STAGED + " may be left there (unused; the next rotate replaces it)");
        }
        done();

        step(2, "on " + device + ": os.rename('" + STAGED + "', '" + UpydKeys.CA_CERT + "')");
        try {
            link.exec(device, DeviceCode.rename(STAGED, UpydKeys.CA_CERT));
        } catch (DeviceLinkException e) {
            throw failed(e, 2, "rename on the device", device + " still has its previous " + UpydKeys.CA_CERT
                    + "; the new certificate is staged there as " + STAGED + "; run the command again");
        }
        done();

        step(3, "soft reset of " + device);
        try {
            link.softReset(device);
        } catch (DeviceLinkException e) {
            throw failed(e, 3, "soft reset", device + " has the new " + UpydKeys.CA_CERT + " on its flash, but "
                    + "its running wss_repl uses the previous CA until it restarts: `upyd reset -@ " + device + "`");
        }
        done();
        out.println(device + " now has this host's ROOT CA certificate; host key files unchanged.");
        return ExitCodes.OK;
    }

    private void step(int n, String what) {
        out.print("[" + n + "/" + STEPS + "] " + what + " ... ");
        out.flush();
    }

    private void done() {
        out.println("done");
    }

    /** Keeps the cause's kind (device traceback or lost link) so the exit code stays right. */
    private DeviceLinkException failed(DeviceLinkException cause, int n, String step, String state) {
        out.println("FAILED");
        out.flush();
        String msg = "kg ssl CA rotate -tfkey: step " + n + "/" + STEPS + " (" + step + ") failed: "
                + cause.getMessage() + ". Device state: " + state + ". Host key files unchanged.";
        return cause instanceof DeviceTracebackException ? new DeviceTracebackException(msg, cause)
                : new DeviceLinkException(msg, cause);
    }
}
