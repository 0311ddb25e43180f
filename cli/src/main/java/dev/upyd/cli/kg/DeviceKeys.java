package dev.upyd.cli.kg;

import dev.upyd.cli.Main.ExitCodes;
import dev.upyd.pki.CertificateIssuer;
import dev.upyd.pki.CertificateIssuer.Issued;
import dev.upyd.pki.CertificateIssuer.Signer;
import dev.upyd.pki.CertificateStatus;
import dev.upyd.pki.DeviceTarget;
import dev.upyd.pki.DistinguishedNames;
import dev.upyd.pki.KeyFiles;
import dev.upyd.pki.KeySetup;
import dev.upyd.pki.UpydKeys;
import dev.upyd.pki.config.ConfigException;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** {@code kg ssl [dev] [gen|status|export|add]}: a device's key and certificate. */
final class DeviceKeys {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{2,64}");
    private final KgRun run;

    DeviceKeys(KgRun run) {
        this.run = run;
    }

    int run(String sub) throws Exception {
        return switch (sub) {
            case "status" -> status();
            case "export" -> export();
            case "add" -> add();
            case "rotate" -> throw new KgException(ExitCodes.USAGE, "rotate is for the CA: upyd kg ssl CA rotate");
            default -> generate();
        };
    }

    private int generate() throws Exception {
        KgCommand o = run.options();
        String address = o.target != null && !o.target.isBlank() ? o.target : configuredAddress(o.device);
        DeviceTarget target;
        try {
            target = DeviceTarget.forWss(address);
        } catch (IllegalArgumentException e) {
            throw new KgException(ExitCodes.USAGE, "device address " + address + ": " + e.getMessage());
        }
        String device = o.device;
        if (o.transfer) {
            device = run.requireDevice("-tfkey");
        }
        DeviceLink link = run.settings().deviceLink();
        String uid = o.uid != null ? checkedUid(o.uid) : checkedUid(link.uniqueId(run.requireDevice(
                "asking the device for its unique id (or give --uid HEX)")));
        String platform = o.uid != null ? o.platform : link.platform(device);
        String name = device != null ? device : run.settings().hostFacts().hostName();
        // asked before any passphrase prompt: an unreachable device should fail the command first
        boolean tls = !o.transfer || link.encrypted(device);
        run.out().println("ID: " + uid);
        run.out().flush();
        Signer ca = run.openCa();
        Issued issued = CertificateIssuer.device(ca, DistinguishedNames.device(platform, uid, target.configured(),
                name), target, run.now());
        UpydKeys keys = run.keys();
        if (!o.transfer) {
            run.setup().installDevice(uid, issued);
            run.out().println("device key/cert written: " + keys.deviceKeyDer(uid).getFileName() + ", "
                    + keys.deviceCertDer(uid).getFileName() + " (+ .pem) in " + keys.home());
            run.out().println("Upload them with -tfkey, or put SSL_key" + uid + ".der and SSL_certificate" + uid
                    + ".der on the device.");
            return ExitCodes.OK;
        }
        if (!tls) {
            run.err().println("WARNING: the private key goes to " + device + " over a connection that is not TLS "
                    + "(ws://): anyone on this network can read it. Do this only on a trusted network.");
            run.err().flush();
        }
        Path dir = run.scratch();
        try {
            List<Path> files = KeySetup.deviceUploadFiles(dir, uid, issued);
            for (Path f : files) {
                link.upload(device, f, f.getFileName().toString());
                run.out().println(f.getFileName() + " sent to " + device);
            }
        } finally {
            KgRun.removeTree(dir); // the private key must not outlive the upload on this host
        }
        run.setup().installDeviceCertificateOnly(uid, issued.certificate());
        run.out().println("kept on this host: " + keys.deviceCert(uid).getFileName()
                + " (the private key lives on the device only)");
        run.out().println("Restart wss_repl on the device (or reset it) to use the new key.");
        return ExitCodes.OK;
    }

    /** The address of {@code -@ NAME} in the global group ({@code UPY_G.config} in UPYD_HOME), as upydev. */
    private String configuredAddress(String name) throws KgException {
        if (name == null || name.isBlank()) {
            throw new KgException(ExitCodes.USAGE, "kg ssl dev needs the device: -@ NAME (from the global group) "
                    + "or its address -t ADDR (it goes into the certificate's name)");
        }
        Path file = GroupConfig.fileIn(run.keys().home());
        try {
            return GroupConfig.read(file).get(name).map(GroupEntry::address).orElseThrow(() -> new KgException(
                    ExitCodes.USAGE, "device " + name + " is not in " + file + ": give its address with -t ADDR "
                            + "(or add it with upyd config ... -gg)"));
        } catch (ConfigException e) {
            throw new KgException(ExitCodes.USAGE, e.getMessage());
        }
    }

    static String checkedUid(String uid) throws KgException {
        String u = uid.trim().toLowerCase(Locale.ROOT);
        if (!HEX.matcher(u).matches()) {
            throw new KgException(ExitCodes.USAGE, "device UID must be lowercase hex as machine.unique_id() "
                    + "gives it (e.g. 30aea4233564), not '" + uid + "'");
        }
        return u;
    }

    private int status() throws Exception {
        List<Path> certs = run.keys().deviceCerts();
        String only = run.options().all ? null : run.options().device;
        int shown = 0;
        for (Path p : certs) {
            X509Certificate c = KeyFiles.readCertificate(p);
            String cn = commonName(c);
            if (only != null && !only.equals(cn)) {
                continue;
            }
            CertificateStatus st = CertificateStatus.of(p.getFileName().toString(), c, run.now());
            run.out().println(String.format("%-10s -> %s", cn, st.line()));
            if (st.warning() != null) {
                run.err().println(st.warning());
            }
            shown++;
        }
        if (shown == 0) {
            run.out().println(only == null ? "no device certificates in " + run.keys().home()
                    : "no device certificate for " + only + " in " + run.keys().home() + " (use -a for all)");
        }
        return ExitCodes.OK;
    }

    private int export() throws Exception {
        KgCommand o = run.options();
        String uid = o.uid != null ? checkedUid(o.uid)
                : checkedUid(run.settings().deviceLink().uniqueId(run.requireDevice("kg ssl dev export")));
        Path cert = run.keys().deviceCert(uid);
        if (!Files.isRegularFile(cert)) {
            throw new KgException(ExitCodes.USAGE, "no certificate for device " + uid + " (" + cert + ")");
        }
        Path to = run.settings().cwd().resolve(cert.getFileName());
        dev.upyd.pki.AtomicFiles.write(to, Files.readAllBytes(cert), KeySetup.CERT_PERMS);
        run.out().println("exported " + to);
        return ExitCodes.OK;
    }

    private int add() throws Exception {
        if (run.options().files.isEmpty()) {
            throw new KgException(ExitCodes.USAGE, "kg ssl dev add needs the certificate files: -f FILE...");
        }
        for (Path p : run.setup().addCertificates(run.options().files)) {
            run.out().println("added " + p);
        }
        return ExitCodes.OK;
    }

    static String commonName(X509Certificate c) {
        try {
            for (Rdn r : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
                if (r.getType().equalsIgnoreCase("CN")) {
                    return r.getValue().toString();
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            // fall through
        }
        return "?";
    }
}
