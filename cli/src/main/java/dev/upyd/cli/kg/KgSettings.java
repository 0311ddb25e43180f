package dev.upyd.cli.kg;

import dev.upyd.pki.HostFacts;
import dev.upyd.pki.UpydHome;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Everything {@code upyd kg} takes from its surroundings, in one place, so that tests hand in their own
 * instead of changing the process environment.
 *
 * <table>
 * <caption>environment variables read</caption>
 * <tr><td>UPYD_HOME</td><td>key directory; default {@code $XDG_CONFIG_HOME/upyd}, else {@code ~/.config/upyd}</td></tr>
 * <tr><td>USER</td><td>names the host files (HOSTID10); {@code user.name} when unset</td></tr>
 * <tr><td>UPYD_CA_PASSPHRASE</td><td>CA key passphrase for scripts (new CA, or signing)</td></tr>
 * <tr><td>UPYD_HOST_PASSPHRASE</td><td>new host key passphrase for scripts</td></tr>
 * </table>
 *
 * @param cwd where {@code export} writes and {@code add} reads by default
 */
public record KgSettings(Map<String, String> env, Path home, Path cwd, Terminal terminal, DeviceLink deviceLink,
        Clock clock, HostFacts hostFacts) {
    public static final String CA_PASSPHRASE_ENV = "UPYD_CA_PASSPHRASE";
    public static final String HOST_PASSPHRASE_ENV = "UPYD_HOST_PASSPHRASE";
    /** Attempts at a terminal before a wrong passphrase ends the command (upydev asks forever). */
    public static final int PASSPHRASE_ATTEMPTS = 5;

    /** The real process: its environment, console, working directory and clock. */
    public static KgSettings system() {
        return of(System.getenv(), Path.of("").toAbsolutePath(), Terminal.system());
    }

    public static KgSettings of(Map<String, String> env, Path cwd, Terminal terminal) {
        return new KgSettings(Map.copyOf(env), UpydHome.resolve(env), cwd, terminal, new NoDaemonDeviceLink(),
                Clock.systemUTC(), HostFacts.detect(env));
    }

    public KgSettings withDeviceLink(DeviceLink link) {
        return new KgSettings(env, home, cwd, terminal, link, clock, hostFacts);
    }

    public KgSettings withClock(Clock c) {
        return new KgSettings(env, home, cwd, terminal, deviceLink, c, hostFacts);
    }

    public KgSettings withTerminal(Terminal t) {
        return new KgSettings(env, home, cwd, t, deviceLink, clock, hostFacts);
    }

    String env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    @Override
    public String toString() {
        return "KgSettings[home=" + home + ", cwd=" + cwd + "]"; // never the environment: it holds passphrases
    }
}
