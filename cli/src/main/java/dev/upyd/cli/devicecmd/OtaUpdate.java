package dev.upyd.cli.devicecmd;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.command.SoftReset;
import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.firmware.AppImage;
import dev.upyd.cli.transfer.LocalFiles;
import dev.upyd.cli.transfer.ProgressBar;
import dev.upyd.cli.util.PyStr;
import dev.upyd.protocol.pylit.PyTuple;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One OTA update over the held session (see {@link OtaCommand}): probe, upyd_ota in place, begin, the
 * image in chunks (each staged as a file by the daemon's PutFile, then written into the partition by
 * {@code upyd_ota.feed}), finish (the device hashes the partition and only then sets boot), reset,
 * reconnect, confirm. The host hashes the image padded with 0xFF to whole 4 KiB blocks, the bytes the
 * partition holds afterwards. upydev's progress lines are kept ("OTA Firmware Updated Succesfully!").
 */
final class OtaUpdate {
    static final int BLOCK = 4096;
    /** Where each chunk is staged; removed by feed(), and on failure. */
    static final String CHUNK_PATH = "/.upyd_ota.bin";
    static final String OK = "OTA Firmware Updated Succesfully!";
    static final String FAILED = "OTA Firmware Update Failed.";

    record Options(boolean checkPlatform, int chunkBytes, boolean reset, boolean confirm, long waitSeconds) {
    }

    private final DeviceRun run;
    private final ModuleManifest manifest;
    private final Options options;

    OtaUpdate(DeviceRun run, ModuleManifest manifest, Options options) {
        this.run = run;
        this.manifest = manifest;
        this.options = options;
    }

    int run(String fileName, AppImage image) throws Exception {
        byte[] app = image.bytes();
        run.out().println(String.format(Locale.ROOT, "%s  [%.2f kB]", fileName, app.length / 1000.0));
        run.out().println(image.describe());
        Probe probe = probe();
        if (options.checkPlatform()) {
            checkPlatform(image, probe.machine());
        }
        long padded = (long) blocks(app.length) * BLOCK;
        if (padded > probe.nextSize()) {
            throw new CliException(Main.ExitCodes.USAGE, run.device() + ": the image (" + app.length + " bytes) does not fit"
                    + " partition " + probe.next() + " (" + probe.nextSize() + " bytes); nothing was written");
        }
        ensureModule();
        run.out().println("Starting OTA Firmware update...");
        run.out().println(run.device() + ": running " + probe.running() + ", writing " + probe.next());
        String label;
        try {
            label = write(app, paddedSha256(app));
        } catch (CliException e) {
            cleanUp();
            run.out().println(FAILED);
            throw e;
        }
        run.out().println(OK);
        if (!options.reset()) {
            run.out().println(run.device() + ": " + label + " boots at the next reset (--no-reset)");
            return 0;
        }
        rebootInto(label);
        return 0;
    }

    /** What the device has: esp32 with OTA partitions, or the reason it cannot do OTA. */
    record Probe(String running, String next, long nextSize, String machine) {
    }

    private Probe probe() throws IOException {
        String code = "import os\n"
                + "try:\n"
                + "    from esp32 import Partition as P\n"
                + "    r = P(P.RUNNING)\n"
                + "    n = r.get_next_update()\n"
                + "    print(repr(('ota', r.info()[4], n.info()[4], n.info()[3], os.uname().machine)))\n"
                + "except ImportError:\n"
                + "    print(repr(('no', 'no esp32 module')))\n"
                + "except Exception as e:\n"
                + "    print(repr(('no', 'no OTA partition (%s: %s)' % (type(e).__name__, e))))\n";
        List<PyTuple> t = DeviceReplies.tuples(run.device(), run.client().eval(run.device(), code));
        if (t.isEmpty()) {
            throw new CliException(Main.ExitCodes.INTERNAL, run.device() + ": no answer to the OTA probe");
        }
        PyTuple p = t.get(0);
        if (!"ota".equals(p.get(0))) {
            throw new CliException(Main.ExitCodes.DEVICE_EXCEPTION, "OTA not available, " + run.device()
                    + " is NOT a OTA capable device (" + DeviceReplies.str(p, 1) + ")");
        }
        return new Probe(DeviceReplies.str(p, 1), DeviceReplies.str(p, 2), DeviceReplies.num(p, 3), DeviceReplies.str(p, 4));
    }

    private void checkPlatform(AppImage image, String machine) {
        run.out().println("Checking firmware and device platform match");
        // "ESP32 module with ESP32S3", "Generic ESP32S3 module with ESP32S3": the chip is the last word
        String chip = machine.substring(machine.lastIndexOf(' ') + 1).replace("-", "").toUpperCase(Locale.ROOT);
        String want = image.chipName().replace("-", "").toUpperCase(Locale.ROOT);
        if (!chip.equals(want)) {
            run.out().println("Firmware " + image.chipName() + " and " + run.device() + " device platform [" + machine
                    + "] do NOT match, operation aborted.");
            throw new CliException(Main.ExitCodes.USAGE, run.device() + ": the image is for " + image.chipName()
                    + ", the device is " + machine + "; nothing was written");
        }
        run.out().println("Firmware " + image.chipName() + " and " + run.device() + " device platform [" + machine
                + "] match, starting OTA now...");
    }

    /** upyd_ota on the device, exactly the manifest's version (sent only when its hash differs). */
    private void ensureModule() throws IOException {
        ModuleInstaller.Report r = new ModuleInstaller(run, manifest).install(manifest.select(List.of("upyd_ota")));
        for (ModuleInstaller.Outcome o : r.modules()) {
            if (o.status() == ModuleInstaller.Status.FAILED) {
                throw new CliException(o.exitCode(), run.device() + ": cannot install " + o.module().devicePath() + ": "
                        + o.detail());
            }
            if (o.status() == ModuleInstaller.Status.UPLOADED) {
                run.out().println(o.module().fileName() + " -> " + run.device() + ":" + o.module().devicePath()
                        + "  " + o.bytes() + " bytes  sha256 ok");
            }
        }
    }

    /** begin, feed every chunk, finish; returns the partition now set to boot. */
    private String write(byte[] app, String sha) throws IOException {
        eval("import upyd_ota\nprint(repr(upyd_ota.begin(" + app.length + ", " + PyStr.of(sha) + ")))\n");
        ProgressBar bar = new ProgressBar(run.err(), "ota " + run.device(), run.terminal(),
                run.settings().progressIntervalMillis());
        try {
            int expected = 0;
            for (int off = 0; off < app.length; off += options.chunkBytes()) {
                byte[] chunk = Arrays.copyOfRange(app, off, Math.min(app.length, off + options.chunkBytes()));
                long base = off;
                DaemonClient.Outcome o = run.client().put(run.device(), CHUNK_PATH, new ByteArrayInputStream(chunk),
                        chunk.length, sha256(chunk), run.settings().chunkBytes(),
                        (done, total) -> bar.progress(base + done, app.length));
                if (!o.ok()) {
                    throw new CliException(o.exitCode() != 0 ? o.exitCode() : Main.ExitCodes.DEVICE_EXCEPTION,
                            run.device() + ": sending the image failed at byte " + off + ": " + o.message());
                }
                expected += blocks(chunk.length);
                String fed = eval("import upyd_ota\nprint(upyd_ota.feed(" + PyStr.of(CHUNK_PATH) + "))\n").strip();
                if (!fed.equals(Integer.toString(expected))) {
                    throw new CliException(Main.ExitCodes.INTEGRITY, run.device() + ": " + fed + " blocks written, expected "
                            + expected);
                }
                bar.progress(off + chunk.length, app.length);
            }
        } finally {
            bar.finish();
        }
        run.out().println("Checking Firmware...");
        return eval("import upyd_ota\nprint(upyd_ota.finish())\n").strip();
    }

    /** After a failure: forget the half-written update (the boot partition was never touched) and the staged chunk. */
    private void cleanUp() {
        try {
            run.client().exec(run.device(), "try:\n    import upyd_ota\n    upyd_ota.abort()\nexcept Exception:\n    pass\n"
                    + "try:\n    import os\n    os.remove(" + PyStr.of(CHUNK_PATH) + ")\nexcept OSError:\n    pass\n", (s, d) -> { });
        } catch (RuntimeException | IOException e) {
            // the session is gone: the device forgets the update at its next boot anyway
        }
    }

    private void rebootInto(String label) throws Exception {
        long resetAt = System.currentTimeMillis();
        DaemonClient.Outcome o = run.client().exec(run.device(), DeviceCode.hardReset(), (s, d) -> { });
        if (!o.ok() && (o.daemonError() || o.exitCode() != Main.ExitCodes.UNREACHABLE)) {
            throw new CliException(o.exitCode() != 0 ? o.exitCode() : Main.ExitCodes.DEVICE_EXCEPTION, run.device()
                    + ": the update is in place but the reset failed (" + o.message() + "); reset the board to run " + label);
        }
        run.out().println(run.device() + ": rebooting into " + label + "...");
        String last = new SoftReset(run).awaitOnline(resetAt, options.waitSeconds());
        if (last != null) {
            throw new CliException(Main.ExitCodes.UNREACHABLE, run.device() + ": not back " + options.waitSeconds()
                    + " s after the reset (last state: " + last + "); the new firmware may not start its WebREPL");
        }
        PyTuple t = DeviceReplies.tuples(run.device(), eval("import upyd_ota\nprint(repr(upyd_ota.status()))\n")).get(0);
        String running = DeviceReplies.str(t, 0);
        if (!label.equals(running)) {
            throw new CliException(Main.ExitCodes.DEVICE_EXCEPTION, run.device() + ": back, but running " + running
                    + ", not " + label + ": the bootloader did not start the new app (rolled back)");
        }
        if (!options.confirm()) {
            run.out().println(run.device() + ": online again, running " + label + " (pending verification: --no-confirm)");
            return;
        }
        String confirmed = eval("import upyd_ota\nprint(upyd_ota.confirm())\n").strip();
        run.out().println(run.device() + ": online again, running " + label
                + (confirmed.equals("True") ? ", marked valid (rollback cancelled)" : " (firmware without app rollback)"));
    }

    private String eval(String code) throws IOException {
        return run.client().eval(run.device(), code);
    }

    static int blocks(long size) {
        return (int) ((size + BLOCK - 1) / BLOCK);
    }

    /** SHA-256 of the image padded with 0xFF to whole blocks: what the partition holds once written. */
    static String paddedSha256(byte[] app) {
        MessageDigest md = LocalFiles.sha256();
        md.update(app);
        byte[] pad = new byte[blocks(app.length) * BLOCK - app.length];
        Arrays.fill(pad, (byte) 0xFF);
        md.update(pad);
        return HexFormat.of().formatHex(md.digest());
    }

    private static byte[] sha256(byte[] b) {
        MessageDigest md = LocalFiles.sha256();
        return md.digest(b);
    }
}
