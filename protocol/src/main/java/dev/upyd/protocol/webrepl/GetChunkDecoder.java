package dev.upyd.protocol.webrepl;

import dev.upyd.protocol.ByteAccumulator;
import dev.upyd.protocol.Bytes;
import dev.upyd.protocol.ProtocolException;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reassembles a GET_FILE reply after the first {@code WB 00 00}: for each {@code 0x00} the host sends, the device
 * writes u16 LE length + that many bytes (at most 256); a zero length ends the file and is followed by the final
 * 4-byte {@code WB} record. Frame boundaries are not chunk boundaries (pipelined pulls merge, TLS records split),
 * so this is a byte-stream decoder. Memory is bounded by one header (2 or 4 bytes); data is passed through.
 */
public final class GetChunkDecoder {
    public static final int MAX_CHUNK = 256;

    private enum State { LEN, DATA, FINAL, DONE }

    private State state = State.LEN;
    private final byte[] hdr = new byte[FileResponse.LENGTH];
    private int hdrFill;
    private int remaining;
    private long bytesReceived;
    private int chunks;
    private Integer finalStatus;
    /** After the final record only a few stray bytes are plausible; more means the stream is out of sync. */
    public static final int MAX_LEFTOVER = 4096;
    private final ByteAccumulator leftover = new ByteAccumulator(MAX_LEFTOVER, "bytes after the final GET record");

    /**
     * How many {@code 0x00} pulls fetch a file of {@code size} bytes: one per 256-byte chunk plus one for the
     * empty chunk. Pipelining exactly this many is safe; one more would be read by the device as the start of a
     * new request header and desynchronise the session.
     */
    public static long pullsFor(long size) {
        return (size + MAX_CHUNK - 1) / MAX_CHUNK + 1;
    }

    /** Feeds device bytes; calls {@code chunk} with each data piece (a chunk may be delivered in several pieces). */
    public void offer(byte[] b, int off, int len, Consumer<byte[]> chunk) {
        Bytes.checkRange(b, off, len);
        int end = off + len;
        int i = off;
        while (i < end) {
            switch (state) {
                case LEN -> {
                    hdr[hdrFill++] = b[i++];
                    if (hdrFill == 2) {
                        hdrFill = 0;
                        int n = (hdr[0] & 0xff) | (hdr[1] & 0xff) << 8;
                        if (n > MAX_CHUNK) {
                            throw new ProtocolException("GET chunk length " + n + " exceeds " + MAX_CHUNK
                                    + " (after " + bytesReceived + " bytes)");
                        }
                        if (n == 0) {
                            state = State.FINAL;
                        } else {
                            remaining = n;
                            chunks++;
                            state = State.DATA;
                        }
                    }
                }
                case DATA -> {
                    int n = Math.min(remaining, end - i);
                    chunk.accept(Arrays.copyOfRange(b, i, i + n));
                    i += n;
                    remaining -= n;
                    bytesReceived += n;
                    if (remaining == 0) {
                        state = State.LEN;
                    }
                }
                case FINAL -> {
                    hdr[hdrFill++] = b[i++];
                    if (hdrFill == FileResponse.LENGTH) {
                        finalStatus = FileResponse.decode(hdr, 0);
                        state = State.DONE;
                    }
                }
                case DONE -> {
                    leftover.append(b, i, end - i);
                    i = end;
                }
            }
        }
    }

    /** The zero-length chunk was seen: no more data. */
    public boolean finished() {
        return state == State.FINAL || state == State.DONE;
    }

    /** The status of the closing {@code WB} record, once all 4 bytes arrived. */
    public Optional<Integer> finalStatus() {
        return Optional.ofNullable(finalStatus);
    }

    /** Bytes that arrived after the final {@code WB} record (they belong to whatever follows). */
    public byte[] leftover() {
        return leftover.toByteArray();
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    /** Number of non-empty chunks started so far. */
    public int chunks() {
        return chunks;
    }
}
