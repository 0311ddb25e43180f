package dev.upyd.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer check with real principals taken from a real Unix socket connection. A connection from
 * another uid cannot be made here without a second account the test could switch to, so the refusal
 * is tested on the decision with a principal of another real user name.
 */
class PeerPolicyTest {
    @TempDir
    Path tmp;

    private UserPrincipal realPeer() throws Exception {
        Path p = tmp.resolve("peer.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(p));
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(p));
                 SocketChannel a = s.accept()) {
                UnixDomainPrincipal pr = a.getOption(ExtendedSocketOptions.SO_PEERCRED);
                return pr.user();
            }
        }
    }

    @Test
    void sameUserIsAllowed() throws Exception {
        UserPrincipal me = realPeer();
        assertEquals(System.getProperty("user.name"), me.getName());
        assertTrue(PeerPolicy.forThisProcess().allows(me));
    }

    @Test
    void otherUserIsRefusedButRootIsAllowed() throws Exception {
        UserPrincipal me = realPeer();
        // a daemon running as another account (e.g. "upyd") must refuse this peer unless it is root
        PeerPolicy other = new PeerPolicy("upyd-service-account");
        assertEquals(me.getName().equals("root"), other.allows(me));
        UserPrincipal nobody = () -> "nobody";
        assertFalse(PeerPolicy.forThisProcess().allows(nobody) && !System.getProperty("user.name").equals("nobody"));
        assertFalse(PeerPolicy.forThisProcess().allows(null));
    }

    @Test
    void defaultSocketLocation() {
        assertEquals(Path.of("/run/user/1000/upyd/upyd.sock"),
                SocketLocation.resolve(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), null));
        assertEquals(Path.of("/x.sock"), SocketLocation.resolve(Map.of("UPYD_SOCKET", "/x.sock",
                "XDG_RUNTIME_DIR", "/run/user/1000"), null));
        assertEquals("upyd-" + SocketLocation.uid(), SocketLocation.resolve(Map.of(), null).getParent()
                .getFileName().toString());
    }
}
