package dev.upyd.cli.kg;

import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.Main.ExitCodes;
import dev.upyd.pki.KeyFileException;
import dev.upyd.pki.KeySetup;
import dev.upyd.pki.UpydKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code upyd kg MODE [DEST] [SUBCMD] [options]}, upydev's key generation grammar: MODE {@code ssl}
 * (upydev's {@code rsa} and {@code wr} are refused with a clear message), DEST {@code dev|host|CA}
 * (default dev), SUBCMD {@code gen|add|export|rotate|status} (default gen).
 */
@Command(name = "kg",
        description = {"Keys and certificates for WebSecureREPL: ROOT CA, host and devices (upydev's kg ssl).",
            "Set up in this order: kg ssl CA, kg ssl host, kg ssl dev -@ NAME -tfkey, then enable wss on the device."},
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true)
public final class KgCommand implements Callable<Integer> {
    static final List<String> DESTS = List.of("dev", "host", "CA");
    static final List<String> SUBCMDS = List.of("gen", "add", "export", "rotate", "status");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..3", paramLabel = "WORD",
            description = "MODE [DEST] [SUBCMD]: ssl [dev|host|CA] [gen|add|export|rotate|status]")
    List<String> words = new ArrayList<>();

    @Option(names = "-tfkey", description = "transfer to the device: the CA certificate (CA), or the device key "
            + "and certificate (dev; the private key is then removed from this host)")
    boolean transfer;

    @Option(names = "-a", description = "status: all devices")
    boolean all;

    @Option(names = "-f", arity = "1..*", paramLabel = "FILE", description = "add: files to import")
    List<Path> files = new ArrayList<>();

    @Option(names = "-@", paramLabel = "NAME", description = "device name (certificate CN, and where to upload)")
    String device;

    @Option(names = "-t", paramLabel = "ADDR", description = "device address host[:port] as you connect to it "
            + "(certificate SN and subjectAltName); default: the address of -@ NAME in UPY_G.config")
    String target;

    @Option(names = "-p", paramLabel = "PASS", hidden = true,
            description = "upydev's device password; accepted for compatibility, not used by kg")
    String devicePassword;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "passphrase of the key being created (CA, host); for dev: of the CA key")
    Path passphraseFile;

    @Option(names = "--ca-passphrase-file", paramLabel = "FILE",
            description = "passphrase of the CA key when it signs (host, dev); else UPYD_CA_PASSPHRASE or a prompt")
    Path caPassphraseFile;

    @Option(names = "--uid", paramLabel = "HEX", description = "the device's unique id (hex of "
            + "machine.unique_id()), to make its certificate without connecting")
    String uid;

    @Option(names = "--platform", paramLabel = "NAME", defaultValue = "esp32",
            description = "device sys.platform for the certificate when given --uid (default: ${DEFAULT-VALUE})")
    String platform;

    @Option(names = "--force", description = "replace an existing CA or host pair without asking")
    boolean force;

    private KgSettings settings;

    /** Tests and embedding callers hand in their surroundings; the default is the real process. */
    public KgCommand settings(KgSettings s) {
        this.settings = s;
        return this;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            KgSettings s = settings != null ? settings : fromParent();
            Invocation inv = parseWords();
            KgRun run = new KgRun(s, this, out, err, new KeySetup(UpydKeys.in(s.home())), new Passphrases(s, err));
            return switch (inv.dest()) {
                case "CA" -> new CaKeys(run).run(inv.subcmd());
                case "host" -> new HostKeys(run).run(inv.subcmd());
                default -> new DeviceKeys(run).run(inv.subcmd());
            };
        } catch (KgException e) {
            err.println("upyd: " + e.getMessage());
            return e.exitCode();
        } catch (KeyFileException e) {
            err.println("upyd: " + e.getMessage());
            return ExitCodes.LOCAL_IO;
        } catch (DeviceTracebackException e) {
            err.println("upyd: " + e.getMessage());
            return ExitCodes.DEVICE_EXCEPTION;
        } catch (DeviceLinkException e) {
            err.println("upyd: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        } catch (IOException | UncheckedIOException e) {
            err.println("upyd: file operation failed, nothing was changed: " + e.getMessage());
            return ExitCodes.LOCAL_IO;
        } catch (Exception e) {
            err.println("upyd: internal error in kg: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return ExitCodes.INTERNAL;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Inside {@code upyd}: the CLI's settings (environment, cwd that the shell's lcd moves, terminal). */
    private KgSettings fromParent() {
        CommandSpec parent = spec.parent();
        if (parent != null && parent.userObject() instanceof Main main) {
            CliSettings cli = main.settings();
            Map<String, String> env = new HashMap<>();
            for (String k : ENV_READ) {
                String v = cli.env(k);
                if (v != null) {
                    env.put(k, v);
                }
            }
            env.put("UPYD_HOME", cli.home().toString());
            // the device is asked (UID, -tfkey uploads) through the daemon's held session
            return KgSettings.of(env, cli.cwd(), main.terminal() ? Terminal.system() : Terminal.NONE)
                    .withDeviceLink(new dev.upyd.cli.client.DaemonDeviceLink(cli));
        }
        return KgSettings.system().withDeviceLink(new dev.upyd.cli.client.DaemonDeviceLink(CliSettings.fromEnvironment()));
    }

    /** The environment variables kg reads (see {@link KgSettings}). */
    static final List<String> ENV_READ = List.of("UPYD_HOME", "XDG_CONFIG_HOME", "USER", "HOSTNAME", "COMPUTERNAME",
            KgSettings.CA_PASSPHRASE_ENV, KgSettings.HOST_PASSPHRASE_ENV);

    record Invocation(String dest, String subcmd) {
    }

    Invocation parseWords() throws KgException {
        String mode = words.get(0);
        if (!mode.equals("ssl")) {
            if (mode.equals("rsa") || mode.equals("wr")) {
                throw new KgException(ExitCodes.USAGE, "kg " + mode + " is not supported by upyd: WebREPL "
                        + "password refresh and RSA keys are upydev-only; upyd supports kg ssl");
            }
            throw new KgException(ExitCodes.USAGE, "unknown kg mode '" + mode + "' (usage: upyd kg ssl [dev|host|CA] "
                    + "[gen|add|export|rotate|status])");
        }
        String dest = null;
        String sub = null;
        for (String w : words.subList(1, words.size())) {
            String d = w.equalsIgnoreCase("ca") ? "CA" : w.toLowerCase(Locale.ROOT);
            if (dest == null && sub == null && DESTS.contains(d)) {
                dest = d;
            } else if (sub == null && SUBCMDS.contains(w.toLowerCase(Locale.ROOT))) {
                sub = w.toLowerCase(Locale.ROOT);
            } else {
                throw new KgException(ExitCodes.USAGE, "unexpected '" + w + "' (usage: upyd kg ssl [dev|host|CA] "
                        + "[gen|add|export|rotate|status], in that order)");
            }
        }
        return new Invocation(dest == null ? "dev" : dest, sub == null ? "gen" : sub);
    }
}
