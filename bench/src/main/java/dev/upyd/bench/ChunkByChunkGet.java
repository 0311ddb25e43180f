package dev.upyd.bench;

import dev.upyd.daemon.DaemonSettings;
import dev.upyd.daemon.device.DeviceConnector;
import dev.upyd.daemon.device.DeviceLink;
import dev.upyd.daemon.device.DeviceTarget;
import dev.upyd.daemon.device.HostKeyring;
import dev.upyd.protocol.webrepl.FileRequest;
import dev.upyd.protocol.webrepl.FileResponse;
import dev.upyd.protocol.webrepl.GetChunkDecoder;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The P3 baseline: a GET the way upydev's client (and webrepl_cli.py) does it, one request per chunk:
 * send the {@code WA} GET header, read the {@code WB} status, then for every chunk send one
 * {@code 0x00} and wait for its u16 length and data before asking for the next, until the empty
 * chunk and the final {@code WB}. The connection itself is made with the daemon's
 * {@link DeviceConnector} (same TLS, upgrade and login code) and is not part of the timed GET.
 * The 2-byte-length reader is written out here because it IS the baseline's behaviour (wait for each
 * answer); the daemon's pipelined decoder is {@link GetChunkDecoder}.
 */
final class ChunkByChunkGet implements AutoCloseable {
    private static final byte[] PULL = {0};

    private final Vertx vertx;
    private final Context ctx;
    private final DeviceConnector connector;
    private DeviceLink link;

    ChunkByChunkGet(DaemonSettings settings, DeviceTarget target, long timeoutMs) throws Exception {
        this.vertx = Vertx.vertx();
        this.connector = new DeviceConnector(vertx, settings, new HostKeyring(vertx, settings));
        this.ctx = vertx.getOrCreateContext();
        CompletableFuture<DeviceLink> f = new CompletableFuture<>();
        ctx.runOnContext(v -> connector.connect(target).onComplete(ar -> {
            if (ar.succeeded()) {
                f.complete(ar.result());
            } else {
                f.completeExceptionally(ar.cause());
            }
        }));
        this.link = f.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** One GET, one pull at a time; the bytes of the file. */
    byte[] get(String path, long timeoutMs) throws Exception {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        ctx.runOnContext(v -> new Transfer(path, done).start());
        return done.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private final class Transfer implements DeviceLink.FrameListener {
        private enum Phase { STATUS, LENGTH, DATA, FINAL, DONE }

        private final String path;
        private final CompletableFuture<byte[]> done;
        private final ByteArrayOutputStream file = new ByteArrayOutputStream();
        private final byte[] pending = new byte[GetChunkDecoder.MAX_CHUNK + 4];
        private int fill;
        private int need = FileResponse.LENGTH;
        private Phase phase = Phase.STATUS;

        Transfer(String path, CompletableFuture<byte[]> done) {
            this.path = path;
            this.done = done;
        }

        void start() {
            link.listener(this);
            link.onClose(() -> done.completeExceptionally(new IllegalStateException("device closed the connection")));
            link.sendBinary(FileRequest.get(path).encode());
        }

        @Override
        public void text(byte[] payload) {
            // REPL output (the friendly REPL's prompt): not part of the file protocol
        }

        @Override
        public void binary(byte[] payload) {
            try {
                for (int i = 0; i < payload.length && phase != Phase.DONE; ) {
                    int n = Math.min(need - fill, payload.length - i);
                    System.arraycopy(payload, i, pending, fill, n);
                    fill += n;
                    i += n;
                    if (fill == need) {
                        complete();
                    }
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }

        private void complete() {
            fill = 0;
            switch (phase) {
                case STATUS -> {
                    int status = FileResponse.decode(pending, 0);
                    if (status != 0) {
                        throw new IllegalStateException("device refused GET " + path + " (status " + status + ")");
                    }
                    next(Phase.LENGTH, 2);
                    link.sendBinary(PULL.clone());
                }
                case LENGTH -> {
                    int len = (pending[0] & 0xff) | (pending[1] & 0xff) << 8;
                    if (len > GetChunkDecoder.MAX_CHUNK) {
                        throw new IllegalStateException("chunk length " + len + " > " + GetChunkDecoder.MAX_CHUNK);
                    }
                    if (len == 0) {
                        next(Phase.FINAL, FileResponse.LENGTH);
                    } else {
                        next(Phase.DATA, len);
                    }
                }
                case DATA -> {
                    file.write(pending, 0, need);
                    next(Phase.LENGTH, 2);
                    link.sendBinary(PULL.clone()); // only now: one request per chunk, waiting for each answer
                }
                case FINAL -> {
                    int status = FileResponse.decode(pending, 0);
                    phase = Phase.DONE;
                    if (status != 0) {
                        throw new IllegalStateException("GET " + path + " ended with status " + status);
                    }
                    done.complete(file.toByteArray());
                }
                default -> {
                }
            }
        }

        private void next(Phase p, int bytes) {
            phase = p;
            need = bytes;
        }
    }

    @Override
    public void close() throws Exception {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            if (link == null) {
                closed.complete(null);
                return;
            }
            link.onClose(() -> closed.complete(null));
            link.close();
        });
        try {
            closed.get(5, TimeUnit.SECONDS);
        } finally {
            connector.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
