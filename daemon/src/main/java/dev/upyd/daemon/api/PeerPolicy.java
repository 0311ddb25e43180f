package dev.upyd.daemon.api;

import java.nio.file.attribute.UserPrincipal;

/**
 * Who may use the daemon: the user it runs as, and root. The socket's 0600 mode inside a 0700
 * directory already keeps others out; this check is the second wall (a mode changed by hand, a socket
 * directory shared by mistake). The JDK gives the peer as a {@code UnixDomainPrincipal} with the
 * user's name (no numeric uid), so names are compared.
 */
public final class PeerPolicy {
    private final String self;

    public PeerPolicy(String self) {
        this.self = self;
    }

    public static PeerPolicy forThisProcess() {
        return new PeerPolicy(System.getProperty("user.name"));
    }

    /** True when the peer user may talk to the daemon. */
    public boolean allows(UserPrincipal peerUser) {
        if (peerUser == null) {
            return false;
        }
        String n = peerUser.getName();
        return n.equals(self) || n.equals("root");
    }

    public String self() {
        return self;
    }
}
