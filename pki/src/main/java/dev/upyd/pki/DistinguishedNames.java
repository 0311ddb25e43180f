package dev.upyd.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** upydev's subject names: four RDNs in the order UID, SN (surname), O=MicroPython, CN. */
public final class DistinguishedNames {
    public static final String ORGANIZATION = "MicroPython";

    private DistinguishedNames() {
    }

    public static X500Name upydev(String uid, String surname, String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.UID, uid)
                .addRDN(BCStyle.SURNAME, surname)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    /** The ROOT CA's name: {@code UID=<platform>@<HOSTID10>, SN=<host name>, O=MicroPython, CN=<user>}. */
    public static X500Name rootCa(HostFacts host) {
        return upydev(host.platform() + "@" + host.hostId(), host.hostName(), host.user());
    }

    /** A device's name: {@code UID=<platform>@<UID>, SN=<target>, O=MicroPython, CN=<device name>}. */
    public static X500Name device(String platform, String uid, String target, String deviceName) {
        return upydev(platform + "@" + uid, target, deviceName);
    }
}
