package dev.upyd.cli.transfer;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.device.DeviceFs;
import dev.upyd.pki.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * put and get of one file through the daemon, SHA-256 verified end to end: the hash of the bytes on
 * the host is compared with one the DEVICE computes from the file it stored ({@code hashlib}, stock
 * MicroPython), so a transfer that went wrong anywhere on the way is caught. Host-side files land
 * under a temporary name and are renamed only once verified; on the device the daemon does the same.
 */
public final class FileTransfers {
    private final DeviceRun run;
    private final Runnable beforeLongWait;
    private String deviceCwd;

    public FileTransfers(DeviceRun run) {
        this(run, () -> { });
    }

    public FileTransfers(DeviceRun run, Runnable beforeLongWait) {
        this.run = run;
        this.beforeLongWait = beforeLongWait;
    }

    /**
     * WebREPL file records carry the path as given and boards resolve it against their cwd; paths are
     * made absolute here (device cwd asked once) so that a transfer never depends on that.
     */
    private String absolute(String remote) throws IOException {
        if (remote.startsWith("/")) {
            return remote;
        }
        if (deviceCwd == null) {
            deviceCwd = run.client().eval(run.device(), dev.upyd.cli.device.DeviceCode.cwd()).strip();
            if (deviceCwd.isEmpty()) {
                deviceCwd = "/";
            }
        }
        return DeviceFs.join(deviceCwd, remote);
    }

    public void put(Path local, String relRemote, boolean verify) throws IOException {
        String remote = absolute(relRemote);
        long size = Files.size(local);
        String localSha = LocalFiles.sha256(local);
        ProgressBar bar = new ProgressBar(run.err(), "put " + remote, run.terminal(), run.settings().progressIntervalMillis());
        DaemonClient.Outcome o;
        try (InputStream in = Files.newInputStream(local)) {
            o = run.client().put(run.device(), remote, in, size, HexFormat.of().parseHex(localSha),
                    run.settings().chunkBytes(), bar);
        } finally {
            bar.finish();
        }
        if (!o.ok()) {
            throw new CliException(o.exitCode() != 0 ? o.exitCode() : Main.ExitCodes.DEVICE_EXCEPTION,
                    run.device() + ": put " + local.getFileName() + " -> " + remote + " failed: " + o.message());
        }
        if (verify) {
            String deviceSha = new DeviceFs(run.client(), run.device()).sha256(remote);
            if (!deviceSha.equalsIgnoreCase(localSha)) {
                throw new CliException(Main.ExitCodes.INTEGRITY, run.device() + ": " + remote
                        + " on the device has SHA-256 " + deviceSha + ", the local file " + localSha);
            }
        }
        run.out().println(local.getFileName() + " -> " + run.device() + ":" + remote + "  " + size + " bytes"
                + (verify ? "  sha256 ok" : ""));
    }

    /**
     * A device file's bytes in memory (dsync -p), at most {@code maxBytes}; null when the file is larger
     * (the rest is drained, never buffered: memory stays bounded).
     */
    public byte[] fetch(String relRemote, int maxBytes) throws IOException {
        String remote = absolute(relRemote);
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        boolean[] tooBig = {false};
        OutputStream bounded = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (buf.size() + len > maxBytes) {
                    tooBig[0] = true;
                    return; // keep draining the daemon's stream, store nothing more
                }
                buf.write(b, off, len);
            }
        };
        DaemonClient.GetOutcome g = run.client().get(run.device(), remote, bounded, (d, t) -> { });
        if (!g.outcome().ok()) {
            DaemonClient.Outcome o = g.outcome();
            throw new CliException(o.exitCode() != 0 ? o.exitCode() : Main.ExitCodes.DEVICE_EXCEPTION,
                    run.device() + ": get " + remote + " failed: " + o.message());
        }
        return tooBig[0] ? null : buf.toByteArray();
    }

    public void get(String relRemote, Path local, boolean verify) throws IOException {
        String remote = absolute(relRemote);
        MessageDigest md = LocalFiles.sha256();
        ProgressBar bar = new ProgressBar(run.err(), "get " + remote, run.terminal(), run.settings().progressIntervalMillis());
        long[] received = {0};
        Files.createDirectories(local.toAbsolutePath().getParent());
        try {
            AtomicFiles.write(local, out -> {
                OutputStream counting = new DigestOutputStream(out, md) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        super.write(b, off, len);
                        received[0] += len;
                    }
                };
                DaemonClient.GetOutcome g;
                try {
                    g = run.client().get(run.device(), remote, counting, bar);
                } finally {
                    bar.finish();
                }
                DaemonClient.Outcome o = g.outcome();
                if (!o.ok()) {
                    throw new CliException(o.exitCode() != 0 ? o.exitCode() : Main.ExitCodes.DEVICE_EXCEPTION,
                            run.device() + ": get " + remote + " failed: " + o.message());
                }
                String hostSha = HexFormat.of().formatHex(md.digest());
                if (g.size() >= 0 && g.size() != received[0]) {
                    throw new CliException(Main.ExitCodes.INTEGRITY, run.device() + ": " + remote + ": announced "
                            + g.size() + " bytes, received " + received[0]);
                }
                String daemonSha = o.message() == null ? "" : o.message().strip();
                if (daemonSha.matches("[0-9a-fA-F]{64}") && !daemonSha.equalsIgnoreCase(hostSha)) {
                    throw new CliException(Main.ExitCodes.INTEGRITY, run.device() + ": " + remote
                            + ": the daemon received SHA-256 " + daemonSha + ", this client " + hostSha);
                }
                if (verify) {
                    beforeLongWait.run();
                    String deviceSha = new DeviceFs(run.client(), run.device()).sha256(remote);
                    if (!deviceSha.equalsIgnoreCase(hostSha)) {
                        throw new CliException(Main.ExitCodes.INTEGRITY, run.device() + ": " + remote
                                + " has SHA-256 " + deviceSha + " on the device but " + hostSha + " arrived");
                    }
                }
            }, "rw-r--r--");
        } catch (CliException e) {
            throw e;
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot write " + local + ": " + e.getMessage());
        }
        run.out().println(run.device() + ":" + remote + " -> " + local + "  " + received[0] + " bytes"
                + (verify ? "  sha256 ok" : ""));
    }
}
