package dev.upyd.daemon.device;

import dev.upyd.protocol.webrepl.FileRequest;
import dev.upyd.protocol.webrepl.FileResponse;
import dev.upyd.protocol.webrepl.GetChunkDecoder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Reads a file from the device with WA GET and PIPELINED pulls: the size is stat-ed first (through
 * the raw REPL: a GET of a missing file makes the device drop the session), then exactly
 * ceil(size/256)+1 one-byte pulls are sent, at most {@link #IN_FLIGHT} ahead of the answers. A
 * surplus pull would be read by the device as the start of a new request and desynchronise the
 * session, so never more are sent; short chunks get more pulls one by one, but a file that sends
 * more bytes than stat reported (it grew, or a hostile device never ends the GET) fails at once, and
 * a file that shrank leaves the session in an unknown state and it is reset.
 */
public final class GetOperation extends FileOperation {
    static final int IN_FLIGHT = 256;
    private static final byte[] PULL = {0};

    private final String path;
    private final FileSink fileSink;
    private final MessageDigest sha;
    private long size;
    private long planned;
    private long pullsSent;
    private final byte[] wb = new byte[FileResponse.LENGTH];
    private int wbFill;
    private boolean opened;
    private GetChunkDecoder chunks;

    public GetOperation(String path, FileSink sink) {
        super(sink);
        this.path = path;
        this.fileSink = sink;
        FileRequest.get(path); // validates the path length
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String kind() {
        return "get";
    }

    @Override
    protected void start() {
        stat(path, st -> {
            if (st.isEmpty()) {
                end(ResultCodes.USAGE, "no such file on " + io().deviceName() + ": " + path, true);
            } else if (isDirectory(st.get()[0])) {
                end(ResultCodes.USAGE, path + " is a directory", true);
            } else {
                open(st.get()[1]);
            }
        });
    }

    private void open(long n) {
        size = n;
        planned = (n + GetChunkDecoder.MAX_CHUNK - 1) / GetChunkDecoder.MAX_CHUNK + 1;
        fileSink.header(n);
        io().sendBinary(FileRequest.get(path).encode());
        touch();
    }

    @Override
    protected void onBinary(byte[] b) {
        int i = 0;
        if (!opened) {
            while (i < b.length && wbFill < wb.length) {
                wb[wbFill++] = b[i++];
            }
            if (wbFill < wb.length) {
                return;
            }
            int status = FileResponse.decode(wb, 0);
            if (status != 0) {
                end(ResultCodes.DEVICE_EXCEPTION, "the device refused to send the file (WB status " + status + ")", false);
                return;
            }
            opened = true;
            chunks = new GetChunkDecoder();
            pull();
        }
        if (i < b.length) {
            chunks.offer(b, i, b.length - i, c -> {
                sha.update(c);
                fileSink.data(c);
            });
        }
        if (chunks.bytesReceived() > size) {
            // more than stat reported can only end in an INTEGRITY failure below; without this stop a device
            // that never sends the end-of-file chunk (or keeps appending) would be downloaded without end
            end(ResultCodes.INTEGRITY, path + " grew during the transfer: the device sent more than the " + size
                    + " bytes stat reported; transfer stopped", false);
            return;
        }
        long answered = chunks.chunks() + (chunks.finished() ? 1 : 0);
        if (chunks.finished()) {
            if (pullsSent > answered) {
                end(ResultCodes.INTEGRITY, path + " shrank during the transfer (" + chunks.bytesReceived()
                        + " of " + size + " bytes)", false);
                return;
            }
            if (chunks.finalStatus().isPresent()) {
                long got = chunks.bytesReceived();
                if (chunks.finalStatus().get() != 0) {
                    end(ResultCodes.DEVICE_EXCEPTION, "the device ended the transfer with status "
                            + chunks.finalStatus().get(), false);
                } else if (got != size) {
                    end(ResultCodes.INTEGRITY, path + " changed size during the transfer: " + got + " bytes, "
                            + "stat said " + size, true);
                } else {
                    moved(size);
                    end(ResultCodes.OK, hex(sha.digest()), true);
                }
            }
            return;
        }
        if (answered >= planned && pullsSent == answered) {
            planned++; // short chunks (never beyond the stat size, see above): keep pulling, one at a time
        }
        pull();
    }

    private void pull() {
        long answered = chunks.chunks() + (chunks.finished() ? 1 : 0);
        while (pullsSent < planned && pullsSent - answered < IN_FLIGHT) {
            io().sendBinary(PULL.clone());
            pullsSent++;
        }
        fileSink.progress(chunks.bytesReceived(), size);
    }
}
