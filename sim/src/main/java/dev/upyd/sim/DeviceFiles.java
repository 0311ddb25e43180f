package dev.upyd.sim;

import dev.upyd.pki.AtomicFiles;
import dev.upyd.pki.KeyFileException;
import dev.upyd.pki.KeyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files a real board reads from its flash at boot: {@code webrepl_cfg.py} (password),
 * {@code SSL_key<UID>.der} + {@code SSL_certificate<UID>.der} (its TLS identity) and
 * {@code ROOT_CA_cert.pem} (whom it accepts client certificates from), plus the simulator's own
 * {@code .sim_uid} (the simulated machine.unique_id()).
 */
public final class DeviceFiles {
    public static final String UID_FILE = ".sim_uid";
    public static final String WEBREPL_CFG = "webrepl_cfg.py";
    public static final String ROOT_CA = "ROOT_CA_cert.pem";
    private static final Pattern PASS = Pattern.compile("(?m)^\\s*PASS\\s*=\\s*(['\"])(.*?)\\1");
    private static final Pattern HEX_UID = Pattern.compile("[0-9a-f]{2,64}");

    private DeviceFiles() {
    }

    public static String keyFileName(String uid) {
        return "SSL_key" + uid + ".der";
    }

    public static String certFileName(String uid) {
        return "SSL_certificate" + uid + ".der";
    }

    /** The UID: explicit, else DEVICE_DIR/.sim_uid, else 6 random bytes written there once. */
    public static String uid(Path deviceDir, String explicit) throws SimException {
        if (explicit != null) {
            return checkUid(explicit.toLowerCase(Locale.ROOT), "--uid");
        }
        Path f = deviceDir.resolve(UID_FILE);
        try {
            if (Files.exists(f)) {
                return checkUid(Files.readString(f, StandardCharsets.US_ASCII).trim().toLowerCase(Locale.ROOT),
                        f.toString());
            }
            byte[] b = new byte[6];
            new SecureRandom().nextBytes(b);
            String uid = HexFormat.of().formatHex(b);
            AtomicFiles.write(f, (uid + "\n").getBytes(StandardCharsets.US_ASCII), "rw-r--r--");
            return uid;
        } catch (IOException e) {
            throw new SimException("cannot read or create " + f + ": " + e.getMessage(), e);
        }
    }

    private static String checkUid(String uid, String source) throws SimException {
        if (!HEX_UID.matcher(uid).matches() || uid.length() % 2 != 0) {
            throw new SimException(source + ": the UID must be an even number of lowercase hex digits, got '" + uid + "'");
        }
        return uid;
    }

    /** The password: explicit, else {@code PASS = '...'} from DEVICE_DIR/webrepl_cfg.py. */
    public static String password(Path deviceDir, String explicit) throws SimException {
        if (explicit != null) {
            return explicit;
        }
        Path f = deviceDir.resolve(WEBREPL_CFG);
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SimException("no WebREPL password: give --password or create " + f
                    + " with a line PASS = 'secret' (as webrepl_setup does)");
        } catch (IOException e) {
            throw new SimException("cannot read " + f + ": " + e.getMessage(), e);
        }
        Matcher m = PASS.matcher(text);
        if (!m.find()) {
            throw new SimException(f + ": no line PASS = '...' found");
        }
        String pw = m.group(2);
        if (pw.isEmpty() || pw.length() > 9) {
            // _webrepl.password() raises ValueError above 9 characters; the device would not start WebREPL
            throw new SimException(f + ": PASS must have 1 to 9 characters (the device keeps at most 9)");
        }
        return pw;
    }

    /** The device's key, its certificate and the CA certificates it accepts client certificates from. */
    public record TlsIdentity(PrivateKey key, X509Certificate certificate, List<X509Certificate> anchors) {
    }

    /** Reads the device's TLS identity and trust anchor, as wss_repl.start(ssl=True) does at boot. */
    public static TlsIdentity tls(Path deviceDir, String uid, String deviceName) throws SimException {
        Path key = deviceDir.resolve(keyFileName(uid));
        Path cert = deviceDir.resolve(certFileName(uid));
        Path ca = deviceDir.resolve(ROOT_CA);
        requireFile(key, "upyd kg ssl dev -@ " + deviceName + " -tfkey");
        requireFile(cert, "upyd kg ssl dev -@ " + deviceName + " -tfkey");
        requireFile(ca, "upyd kg ssl CA -tfkey");
        try {
            PrivateKey k = KeyFiles.readPrivateKey(key, null);
            X509Certificate c = KeyFiles.readCertificate(cert);
            List<X509Certificate> anchors = KeyFiles.readCertificates(ca);
            if (anchors.isEmpty()) {
                throw new SimException(ca + " contains no certificate (create it with: upyd kg ssl CA -tfkey)");
            }
            return new TlsIdentity(k, c, anchors);
        } catch (KeyFileException e) {
            throw new SimException(e.getMessage(), e);
        }
    }

    private static void requireFile(Path f, String command) throws SimException {
        if (!Files.isRegularFile(f)) {
            throw new SimException("missing device file " + f + " (create it with: " + command + ")");
        }
    }
}
