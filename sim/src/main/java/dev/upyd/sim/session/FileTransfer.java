package dev.upyd.sim.session;

import dev.upyd.pki.AtomicFiles;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.webrepl.FileRequest;
import dev.upyd.protocol.webrepl.FileResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The device side of the WebREPL file protocol, byte for byte like modwebrepl.c: BINARY payload bytes
 * fill an 82-byte {@code WA} header (it may arrive split over frames), then a PUT consumes exactly
 * {@code size} data bytes, a GET answers each received byte (a pull) with one {@code u16 LE len +
 * ≤256 bytes} chunk, GET_VER answers 3 bytes. Bytes beyond what the current operation consumes start
 * the next header, as on the board (this is why surplus GET pulls desynchronise a session).
 *
 * <p>Our one deliberate difference: a PUT writes to a hidden temporary file next to the target and
 * renames it over the target after the last byte, so an interrupted upload never leaves a truncated
 * file (a board truncates the target at open and keeps whatever arrived).
 */
public final class FileTransfer implements AutoCloseable {
    /** Where replies go: one BINARY frame each. */
    public interface Replies {
        void binary(byte[] payload);
    }

    static final int GET_CHUNK = 256;

    private enum State { HEADER, PUT_DATA, GET_PULLS }

    private final Path root;
    private final byte[] version;
    private final Replies replies;
    private final Runnable onOperation;
    private final byte[] header = new byte[FileRequest.LENGTH];
    private int headerFill;
    private State state = State.HEADER;
    private long remaining;
    private Path target;
    private Path temp;
    private OutputStream putStream;
    private InputStream getStream;

    public FileTransfer(Path root, byte[] version, Replies replies, Runnable onOperation) {
        this.root = root;
        this.version = version.clone();
        this.replies = replies;
        this.onOperation = onOperation;
    }

    /** BINARY payload from the client (or a control frame's payload: the device does not tell them apart). */
    public void offer(byte[] data) throws FileOpException {
        int i = 0;
        while (i < data.length) {
            switch (state) {
                case HEADER -> {
                    int n = Math.min(FileRequest.LENGTH - headerFill, data.length - i);
                    System.arraycopy(data, i, header, headerFill, n);
                    headerFill += n;
                    i += n;
                    if (headerFill == FileRequest.LENGTH) {
                        headerFill = 0;
                        begin();
                    }
                }
                case PUT_DATA -> {
                    int n = (int) Math.min(remaining, data.length - i);
                    try {
                        putStream.write(data, i, n);
                    } catch (IOException e) {
                        throw new FileOpException("write to " + target + " failed: " + e.getMessage(), e);
                    }
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        finishPut();
                    }
                }
                case GET_PULLS -> {
                    // each byte is one pull (the client sends 0x00; the board does not check the value)
                    i++;
                    sendChunk();
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    private void begin() throws FileOpException {
        FileRequest req;
        try {
            req = FileRequest.decode(header, 0);
        } catch (ProtocolException e) {
            throw new FileOpException("bad WA record: " + e.getMessage(), e);
        }
        onOperation.run();
        switch (req.op()) {
            case GET_VER -> replies.binary(version.clone());
            case PUT -> openPut(req);
            case GET -> openGet(req);
            default -> throw new FileOpException("unsupported operation " + req.op());
        }
    }

    private void openPut(FileRequest req) throws FileOpException {
        target = DevicePaths.resolve(root, req.path());
        Path dir = target.getParent();
        if (!Files.isDirectory(dir) || Files.isDirectory(target)) {
            // open(name, 'wb') raises OSError ENOENT/EISDIR on a board
            throw new FileOpException("cannot open '" + req.path() + "' for writing");
        }
        try {
            temp = dir.resolve(".upyd-put-" + UUID.randomUUID() + ".tmp");
            putStream = Files.newOutputStream(temp);
        } catch (IOException e) {
            throw new FileOpException("cannot create a file in " + dir + ": " + e.getMessage(), e);
        }
        replies.binary(FileResponse.encode(0));
        remaining = req.size();
        state = State.PUT_DATA;
        if (remaining == 0) {
            finishPut();
        }
    }

    private void finishPut() throws FileOpException {
        try {
            putStream.close();
            putStream = null;
            AtomicFiles.move(temp, target);
            temp = null;
        } catch (IOException e) {
            throw new FileOpException("cannot store " + target + ": " + e.getMessage(), e);
        }
        state = State.HEADER;
        replies.binary(FileResponse.encode(0));
    }

    private void openGet(FileRequest req) throws FileOpException {
        Path p = DevicePaths.resolve(root, req.path());
        if (!Files.isRegularFile(p)) {
            throw new FileOpException("cannot open '" + req.path() + "' for reading");
        }
        try {
            getStream = Files.newInputStream(p);
        } catch (IOException e) {
            throw new FileOpException("cannot open " + p + ": " + e.getMessage(), e);
        }
        replies.binary(FileResponse.encode(0));
        state = State.GET_PULLS;
    }

    private void sendChunk() throws FileOpException {
        byte[] chunk = new byte[2 + GET_CHUNK];
        int n;
        try {
            n = getStream.readNBytes(chunk, 2, GET_CHUNK);
        } catch (IOException e) {
            throw new FileOpException("read failed: " + e.getMessage(), e);
        }
        chunk[0] = (byte) n;
        chunk[1] = (byte) (n >> 8);
        replies.binary(java.util.Arrays.copyOf(chunk, 2 + n));
        if (n == 0) {
            closeQuietly(getStream);
            getStream = null;
            state = State.HEADER;
            replies.binary(FileResponse.encode(0));
        }
    }

    /** The connection ended: release the open file and drop an unfinished upload. */
    @Override
    public void close() {
        closeQuietly(getStream);
        closeQuietly(putStream);
        getStream = null;
        putStream = null;
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a leftover hidden temp file is harmless
            }
            temp = null;
        }
        state = State.HEADER;
        headerFill = 0;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing useful to do on a dropped connection
            }
        }
    }
}
