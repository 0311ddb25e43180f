package dev.upyd.daemon.mdns;

import io.vertx.core.Vertx;
import java.net.InetAddress;

/**
 * {@code java ... MdnsProbe NAME [NAME...]}: resolves each name once (fresh) and prints
 * {@code NAME ADDRESS} or {@code NAME ERROR message}. Used by tests that run inside a network namespace
 * and by `upyd scan` debugging; exits 0 when every name resolved.
 */
public final class MdnsProbe {
    private MdnsProbe() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        int failures = 0;
        try {
            MdnsResolver r = new MdnsResolver(vertx, MdnsResolver.Settings.defaults());
            r.start().await();
            for (String name : args) {
                try {
                    InetAddress a = r.resolve(name, true).await();
                    System.out.println(name + " " + a.getHostAddress());
                } catch (Exception e) {
                    failures++;
                    System.out.println(name + " ERROR " + e.getMessage());
                }
            }
            r.close().await();
        } finally {
            vertx.close().await();
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
