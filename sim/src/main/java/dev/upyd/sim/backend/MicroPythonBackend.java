package dev.upyd.sim.backend;

import dev.upyd.sim.SimException;
import dev.upyd.sim.SimSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The real MicroPython interpreter (WebAssembly, 1.27.0) in a Node child process, through the
 * sim/node/mpsim.mjs contract: stdin = typed bytes, stdout = console output, stderr = event lines
 * {@code [mpsim] ready | soft-reset | hard-reset reason=... | info ... | error ...}. The wrapper does
 * soft resets and machine.reset() itself; {@link #hardReset()} (the device's restart()) replaces the
 * process.
 */
public final class MicroPythonBackend implements ReplBackend {
    private static final Logger LOG = Logger.getLogger(MicroPythonBackend.class.getName());
    private static final String TAG = "[mpsim] ";
    private static final int MAX_QUICK_DEATHS = 3;
    /** Events carry the stdout byte count written before them: {@code [mpsim] ready @1234}. */
    private static final Pattern OFFSET = Pattern.compile(" @(\\d{1,18})$");
    /** Longest an event waits for the output before it (the pump is a busy thread, not a lost pipe). */
    private static final long ORDER_WAIT_MS = 5_000;

    private final SimSettings settings;
    private final Path root;
    private final String uid;
    private final Path script;
    private final ExecutorService writer;
    private Listener listener;
    private volatile Process process;
    private volatile OutputStream stdin;
    private volatile int generation;
    private volatile boolean closed;
    private int quickDeaths;

    public MicroPythonBackend(SimSettings settings, Path root, String uid) throws SimException {
        this.settings = settings;
        this.root = root;
        this.uid = uid;
        this.script = NodeLocator.script(settings.upydHome());
        if (!NodeLocator.packageInstalled(script)) {
            throw new SimException("the MicroPython WebAssembly package is not installed: run 'npm ci' in "
                    + script.getParent() + " (scripts/setup.sh does it)");
        }
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mpsim-stdin-" + settings.name());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void start(Listener l) throws SimException {
        this.listener = l;
        spawn();
    }

    private synchronized void spawn() throws SimException {
        ProcessBuilder pb = new ProcessBuilder(settings.nodeCommand(), script.toString());
        pb.environment().put("MPSIM_HOST_DIR", root.toString());
        pb.environment().put("MPSIM_UID", uid);
        pb.environment().put("MPSIM_RAW_PASTE", "emulate");
        pb.directory(script.getParent().toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new SimException("cannot start '" + settings.nodeCommand() + "' (Node.js 20 is needed for the"
                    + " micropython backend; or use --backend light): " + e.getMessage(), e);
        }
        int gen = ++generation;
        process = p;
        stdin = p.getOutputStream();
        long startedAt = System.nanoTime();
        OutputProgress progress = new OutputProgress();
        daemon("mpsim-out-" + settings.name(), () -> pumpStdout(p.getInputStream(), gen, progress));
        daemon("mpsim-err-" + settings.name(), () -> pumpStderr(p.getErrorStream(), gen, progress));
        p.onExit().thenAccept(dead -> exited(dead, gen, startedAt));
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void pumpStdout(InputStream in, int gen, OutputProgress progress) {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                if (gen == generation) {
                    listener.output(Arrays.copyOf(buf, n));
                }
                progress.passedOn(n);
            }
        } catch (IOException e) {
            // the process went away; onExit reports it
        } finally {
            progress.ended();
        }
    }

    private void pumpStderr(InputStream in, int gen, OutputProgress progress) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = OFFSET.matcher(line);
                if (m.find()) {
                    line = line.substring(0, m.start());
                    if (!progress.awaitOffset(Long.parseLong(m.group(1)), ORDER_WAIT_MS)) {
                        LOG.fine(() -> settings.name() + ": output before an event did not arrive in time");
                    }
                }
                if (gen != generation) {
                    continue;
                }
                event(line);
            }
        } catch (IOException e) {
            // the process went away; onExit reports it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void event(String line) {
        if (!line.startsWith(TAG)) {
            listener.info("node: " + line);
            return;
        }
        String ev = line.substring(TAG.length()).strip();
        if (ev.equals("ready")) {
            listener.ready();
        } else if (ev.equals("soft-reset")) {
            listener.softReset();
        } else if (ev.startsWith("hard-reset")) {
            String reason = ev.startsWith("hard-reset reason=") ? ev.substring("hard-reset reason=".length()) : ev;
            listener.hardReset(reason);
        } else if (ev.startsWith("error")) {
            listener.error(ev.substring(5).strip());
        } else {
            listener.info(ev.startsWith("info") ? ev.substring(4).strip() : ev);
        }
    }

    private void exited(Process dead, int gen, long startedAt) {
        if (closed || gen != generation) {
            return;
        }
        int code = dead.exitValue();
        boolean quick = System.nanoTime() - startedAt < TimeUnit.SECONDS.toNanos(2);
        quickDeaths = quick ? quickDeaths + 1 : 0;
        if (quickDeaths >= MAX_QUICK_DEATHS) {
            listener.error("node exited with code " + code + " " + quickDeaths + " times right after start; giving up");
            return;
        }
        listener.hardReset("node exited with code " + code);
        try {
            spawn();
        } catch (SimException e) {
            listener.error(e.getMessage());
        }
    }

    @Override
    public void write(byte[] bytes) {
        if (closed) {
            return;
        }
        int gen = generation;
        writer.execute(() -> {
            if (gen != generation) {
                return; // typed into a process that was replaced meanwhile
            }
            try {
                OutputStream o = stdin;
                o.write(bytes);
                o.flush();
            } catch (IOException e) {
                LOG.log(Level.FINE, "write to node failed", e);
            }
        });
    }

    @Override
    public byte[] version() {
        return new byte[] {1, 27, 0};
    }

    @Override
    public void hardReset() {
        if (closed) {
            return;
        }
        Process old = process;
        generation++; // silences the old process's pumps and exit handler
        // off the caller's (event-loop) thread: killing node may take a moment
        writer.execute(() -> {
            destroy(old);
            try {
                spawn();
            } catch (SimException e) {
                listener.error(e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        generation++;
        destroy(process);
        writer.shutdownNow();
    }

    private static void destroy(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
