package dev.upyd.cli.devicecmd;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.command.SoftReset;
import dev.upyd.protocol.api.DeviceInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * {@code set_wss}: makes the device start upyd's wss server at boot. Checks first that what boot.py will
 * need is there (upyd_wss, the device key and certificate, the CA), because a boot.py that fails at boot
 * leaves a board with no WebREPL at all; then patches boot.py ({@link BootPatch}), keeps the original as
 * {@code /boot.py.bak} (first time only), writes the new one atomically (the daemon's PutFile: temp name +
 * rename), soft-resets and waits for the daemon to report the device online again.
 */
final class WssEnabler {
    /** boot.py is read whole; a board's is a few hundred bytes, and the diff table grows with its square. */
    static final int MAX_BOOT_BYTES = 64 * 1024;

    enum Result { ENABLED, ALREADY_ENABLED, DRY_RUN }

    private final DeviceRun run;
    private final ModuleManifest manifest;

    WssEnabler(DeviceRun run, ModuleManifest manifest) {
        this.run = run;
        this.manifest = manifest;
    }

    Result enable(boolean dryRun, long waitSeconds) throws IOException, InterruptedException {
        String device = run.device();
        ModuleManifest.Module wss = manifest.byName("upyd_wss");
        String wssPath = wss == null ? "/lib/upyd_wss.py" : wss.devicePath();
        DeviceSurvey s = DeviceSurvey.take(run.client(), device, List.of(wssPath), 0);
        if (!s.modules().get(wssPath).exists()) {
            throw new CliException(Main.ExitCodes.USAGE, device + ": " + wssPath + " is not on the device; run `upyd"
                    + " update_upyutils -@ " + device + "` first");
        }
        if (s.uid() == null) {
            throw new CliException(Main.ExitCodes.DEVICE_EXCEPTION, device + ": machine.unique_id() is not available,"
                    + " so the key file names (SSL_key<UID>.der) cannot be known");
        }
        requireFile(s, s.keyFile(), "upyd kg ssl dev -@ " + device + " -tfkey");
        requireFile(s, s.certFile(), "upyd kg ssl dev -@ " + device + " -tfkey");
        requireFile(s, DeviceSurvey.CA, "upyd kg ssl CA -tfkey -@ " + device);
        long bootSize = s.files().getOrDefault(DeviceSurvey.BOOT, -1L);
        if (bootSize > MAX_BOOT_BYTES) {
            throw new CliException(Main.ExitCodes.USAGE, device + ": /boot.py is " + bootSize + " bytes (more than "
                    + MAX_BOOT_BYTES + "); add `import upyd_wss` and `upyd_wss.start(ssl=True)` to it by hand");
        }
        byte[] oldBytes = bootSize < 0 ? null : read(DeviceSurvey.BOOT);
        String oldText = oldBytes == null ? null : utf8(oldBytes);
        if (BootPatch.isEnabled(oldText)) {
            run.out().println(device + ": wss already enabled in /boot.py; nothing changed");
            return Result.ALREADY_ENABLED;
        }
        String newText = BootPatch.patch(oldText);
        run.out().print(UnifiedDiff.of(oldText == null ? "/dev/null" : "a/boot.py", "b/boot.py",
                oldText == null ? "" : oldText, newText));
        run.out().flush();
        if (dryRun) {
            run.out().println(device + ": dry run; /boot.py not changed");
            return Result.DRY_RUN;
        }
        if (oldBytes != null) {
            if (s.has(DeviceSurvey.BACKUP)) {
                run.out().println(device + ": " + DeviceSurvey.BACKUP + " exists; kept as it is");
            } else {
                write(DeviceSurvey.BACKUP, oldBytes);
                run.out().println(device + ": old /boot.py saved as " + DeviceSurvey.BACKUP);
            }
        }
        String plainWs = plainWsHint();
        if (plainWs != null) {
            run.err().println("upyd: warning: " + plainWs);
        }
        write(DeviceSurvey.BOOT, newText.getBytes(StandardCharsets.UTF_8));
        run.out().println(device + ": /boot.py written; soft reset");
        run.out().flush();
        SoftReset reset = new SoftReset(run);
        long resetAt = reset.reset("; boot.py is written and takes effect at the next reset");
        if (waitSeconds == 0) {
            run.out().println(device + ": not waiting for the device (--wait 0)");
            return Result.ENABLED;
        }
        String last = reset.awaitOnline(resetAt, waitSeconds);
        if (last != null) {
            throw new CliException(Main.ExitCodes.UNREACHABLE, run.device() + ": not online again " + waitSeconds
                    + " s after the soft reset (last state: " + last + "); boot.py may fail at boot: check it on"
                    + " the board's serial console, the old one is " + DeviceSurvey.BACKUP
                    + (plainWs == null ? "" : "; " + plainWs));
        }
        run.out().println(device + ": online again");
        return Result.ENABLED;
    }

    /** Strict: a boot.py that is not UTF-8 would be damaged by a text patch, so it is left to the user. */
    private String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new CliException(Main.ExitCodes.USAGE, run.device() + ": /boot.py is not UTF-8 text; add `import"
                    + " upyd_wss` and `upyd_wss.start(ssl=True)` to it by hand");
        }
    }

    private void requireFile(DeviceSurvey s, String path, String makeIt) {
        if (!s.has(path)) {
            throw new CliException(Main.ExitCodes.USAGE, run.device() + ": " + path + " is not on the device;"
                    + " wss needs it at boot. Make and upload it with `" + makeIt + "`");
        }
    }

    private byte[] read(String path) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DaemonClient.GetOutcome g = run.client().get(run.device(), path, new java.io.OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (buf.size() + len > MAX_BOOT_BYTES) {
                    throw new CliException(Main.ExitCodes.USAGE, run.device() + ": " + path + " grew past "
                            + MAX_BOOT_BYTES + " bytes while reading it");
                }
                buf.write(b, off, len);
            }
        }, (done, total) -> { });
        if (!g.outcome().ok()) {
            throw new CliException(g.outcome().exitCode() != 0 ? g.outcome().exitCode() : Main.ExitCodes.DEVICE_EXCEPTION,
                    run.device() + ": reading " + path + " failed: " + g.outcome().message());
        }
        return buf.toByteArray();
    }

    /** PutFile, then the device's own hash of what it stored. */
    private void write(String path, byte[] bytes) throws IOException {
        byte[] sha = sha256(bytes);
        DaemonClient.Outcome o = run.client().put(run.device(), path, new ByteArrayInputStream(bytes), bytes.length, sha,
                run.settings().chunkBytes(), (done, total) -> { });
        if (!o.ok()) {
            throw new CliException(o.exitCode() != 0 ? o.exitCode() : Main.ExitCodes.DEVICE_EXCEPTION,
                    run.device() + ": writing " + path + " failed: " + o.message());
        }
        String hex = java.util.HexFormat.of().formatHex(sha);
        String got = null;
        for (var t : DeviceReplies.tuples(run.device(), run.client().eval(run.device(), ModuleCode.hashes(List.of(path))))) {
            got = DeviceReplies.str(t, 2);
        }
        if (!hex.equals(got)) {
            throw new CliException(Main.ExitCodes.INTEGRITY, run.device() + ": " + path + " has SHA-256 " + got
                    + " on the device after writing, expected " + hex);
        }
    }

    /**
     * After the reset the board serves wss on 8833 only; a daemon configured for plain ws (8266) would
     * never reach it again until the configuration says wss. null when the session is already TLS.
     */
    private String plainWsHint() {
        for (DeviceInfo d : run.client().listDevices()) {
            if (d.name().equals(run.device()) && d.tlsProtocol().isEmpty() && d.state().equals("online")) {
                return "the daemon reaches " + run.device() + " over plain ws (" + d.address() + "); after the reset"
                        + " the board serves wss on port 8833: run `upyd config -t HOST:8833 -p PASSWORD:PASSPHRASE -@ "
                        + run.device() + "` so that the daemon connects over wss";
            }
        }
        return null;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
