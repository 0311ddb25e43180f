package dev.upyd.sim;

import dev.upyd.pki.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * {@code --stats-file}: the counters of every device as one JSON document, rewritten atomically after
 * each change. Writes are coalesced on one background thread, so a burst of changes costs one write and
 * the event loops never touch the disk; the file always ends up with the latest values.
 */
final class StatsFile implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StatsFile.class.getName());

    private final Path file;
    private final Supplier<List<DeviceStats>> source;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "upyd-sim-stats");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();

    StatsFile(Path file, Supplier<List<DeviceStats>> source) {
        this.file = file;
        this.source = source;
    }

    void changed() {
        if (pending.compareAndSet(false, true)) {
            try {
                writer.execute(() -> {
                    pending.set(false);
                    write();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false);
            }
        }
    }

    void write() {
        StringBuilder sb = new StringBuilder("{\"devices\":[");
        List<DeviceStats> all = source.get();
        for (int i = 0; i < all.size(); i++) {
            sb.append(i > 0 ? ",\n" : "\n").append(all.get(i).toJson());
        }
        sb.append("\n]}\n");
        try {
            AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), "rw-r--r--");
        } catch (IOException e) {
            LOG.warning(() -> "cannot write " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write();
    }
}
