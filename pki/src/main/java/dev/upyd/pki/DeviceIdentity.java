package dev.upyd.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.IPAddress;

/**
 * Decides whether the certificate a device presented is the device we meant to reach. Used by the
 * daemon after the TLS handshake, which runs with hostname checking off: upydev's device certificates
 * name the device with dNSName strings such as {@code wss://192.168.1.42:8833}, which no standard
 * HTTPS hostname verifier accepts, so the check is written here.
 *
 * <p>Accepted when (1) the chain validates (PKIX, no revocation) up to one of our ROOT CA certificates
 * and (2) the leaf's subjectAltName holds either upydev's literal {@code wss://<host>:<port>}, or a proper
 * dNSName equal to the host (case-insensitive), or an iPAddress equal to the host.
 */
public final class DeviceIdentity {
    private DeviceIdentity() {
    }

    public static void verify(List<X509Certificate> chain, List<X509Certificate> trustAnchors, String targetHost,
            int port) throws CertificateException {
        verify(chain, trustAnchors, targetHost, port, new Date());
    }

    /** As {@link #verify(List, List, String, int)} at a given time (for tests of expiry). */
    public static void verify(List<X509Certificate> chain, List<X509Certificate> trustAnchors, String targetHost,
            int port, Date at) throws CertificateException {
        if (chain == null || chain.isEmpty()) {
            throw new CertificateException("the device presented no certificate");
        }
        if (trustAnchors == null || trustAnchors.isEmpty()) {
            throw new CertificateException("no ROOT CA certificate to verify the device with (run `upyd kg ssl CA`)");
        }
        X509Certificate leaf = chain.get(0);
        String who = describe(leaf);
        try {
            leaf.checkValidity(at);
        } catch (CertificateExpiredException e) {
            throw new CertificateException(who + " expired on " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new CertificateException(who + " is not valid before " + leaf.getNotBefore().toInstant()
                    + " (check the clocks)");
        }
        validatePath(chain, trustAnchors, at, who);
        checkName(leaf, targetHost, port, who);
    }

    private static void validatePath(List<X509Certificate> chain, List<X509Certificate> anchors, Date at, String who)
            throws CertificateException {
        // A device may send the CA certificate along; PKIX wants the path without its trust anchor.
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (!anchors.contains(c)) {
                path.add(c);
            }
        }
        if (path.isEmpty()) {
            throw new CertificateException(who + " is a ROOT CA certificate, not a device certificate");
        }
        try {
            Set<TrustAnchor> ta = new HashSet<>();
            for (X509Certificate a : anchors) {
                ta.add(new TrustAnchor(a, null));
            }
            PKIXParameters params = new PKIXParameters(ta);
            params.setRevocationEnabled(false); // our private CA publishes no CRL or OCSP
            params.setDate(at);
            CertPath cp = CertificateFactory.getInstance("X.509", Providers.BC).generateCertPath(path);
            CertPathValidator.getInstance("PKIX", Providers.BC).validate(cp, params);
        } catch (CertPathValidatorException e) {
            throw new CertificateException(who + " is not signed by a trusted ROOT CA (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new CertificateException(who + " cannot be checked (" + e.getMessage() + ")", e);
        }
    }

    private static void checkName(X509Certificate leaf, String targetHost, int port, String who)
            throws CertificateException {
        String host = stripBrackets(targetHost);
        String url = "wss://" + targetHost + ":" + port;
        byte[] ip = ipLiteral(host);
        List<String> seen = new ArrayList<>();
        for (GeneralName n : subjectAltNames(leaf, who)) {
            if (n.getTagNo() == GeneralName.dNSName) {
                String dns = n.getName().toString();
                seen.add(dns);
                if (dns.equals(url)) {
                    return; // upydev's own convention, compared literally as OpenSSL does for upydev
                }
                if (ip == null && trimDot(dns).equalsIgnoreCase(trimDot(host))) {
                    return;
                }
            } else if (n.getTagNo() == GeneralName.iPAddress) {
                byte[] addr = ASN1OctetString.getInstance(n.getName()).getOctets();
                String shown = showIp(addr);
                seen.add(shown);
                if (ip != null && Arrays.equals(addr, ip)) {
                    return;
                }
            }
        }
        throw new CertificateException(who + (seen.isEmpty() ? " names no host (no subjectAltName)"
                : " names " + String.join(", ", seen)) + " but not " + targetHost + ":" + port);
    }

    private static List<GeneralName> subjectAltNames(X509Certificate leaf, String who) throws CertificateException {
        try {
            X509CertificateHolder h = new X509CertificateHolder(leaf.getEncoded());
            GeneralNames names = GeneralNames.fromExtensions(h.getExtensions(), Extension.subjectAlternativeName);
            return names == null ? List.of() : List.of(names.getNames());
        } catch (CertificateEncodingException | java.io.IOException | IllegalArgumentException e) {
            throw new CertificateException(who + " has an unreadable subjectAltName (" + e.getMessage() + ")", e);
        }
    }

    /** The 4 or 16 address bytes of an IP literal, or null for a host name; never a DNS lookup. */
    static byte[] ipLiteral(String host) {
        if (!IPAddress.isValid(host)) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress(); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String showIp(byte[] addr) {
        try {
            return InetAddress.getByAddress(addr).getHostAddress();
        } catch (UnknownHostException e) {
            return "IP of " + addr.length + " bytes";
        }
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String trimDot(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static String describe(X509Certificate c) {
        return "certificate \"" + c.getSubjectX500Principal().getName() + "\"";
    }
}
