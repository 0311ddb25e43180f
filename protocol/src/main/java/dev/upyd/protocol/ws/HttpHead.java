package dev.upyd.protocol.ws;

import dev.upyd.protocol.ByteAccumulator;
import dev.upyd.protocol.Bytes;
import dev.upyd.protocol.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** Buffers an HTTP head up to the blank line, capped, for both sides of the upgrade. */
final class HttpHead {
    static final int MAX_HEAD = 8 * 1024;
    private static final byte[] END = {'\r', '\n', '\r', '\n'};

    private final ByteAccumulator acc;
    private boolean done;

    HttpHead(String what) {
        acc = new ByteAccumulator(MAX_HEAD + END.length, what);
    }

    byte[] buffered() {
        return acc.toByteArray();
    }

    record Head(String text, byte[] leftover) {
    }

    /** Returns the head (ISO-8859-1 text without the blank line) once complete, plus the bytes after it. */
    Optional<Head> offer(byte[] chunk, int off, int len, String what) {
        Bytes.checkRange(chunk, off, len);
        if (done) {
            throw new IllegalStateException(what + " already complete");
        }
        int searchFrom = Math.max(0, acc.size() - 3);
        // Append only what fits before the cap could be exceeded, so the leftover of a large read is kept.
        int room = MAX_HEAD + END.length - acc.size();
        int take = Math.min(len, room);
        acc.append(chunk, off, take);
        int end = Bytes.indexOf(acc.array(), searchFrom, acc.size(), END);
        if (end < 0) {
            if (acc.size() >= MAX_HEAD + END.length || take < len) {
                throw new ProtocolException(what + " headers exceed " + MAX_HEAD + " bytes without an end: "
                        + Bytes.escape(acc.array(), 0, Math.min(acc.size(), 200), 200));
            }
            return Optional.empty();
        }
        done = true;
        String text = new String(acc.array(), 0, end, StandardCharsets.ISO_8859_1);
        int used = end + END.length;
        byte[] leftoverInAcc = acc.copy(used, acc.size());
        byte[] rest = Arrays.copyOfRange(chunk, off + take, off + len);
        byte[] leftover = new byte[leftoverInAcc.length + rest.length];
        System.arraycopy(leftoverInAcc, 0, leftover, 0, leftoverInAcc.length);
        System.arraycopy(rest, 0, leftover, leftoverInAcc.length, rest.length);
        acc.clear();
        return Optional.of(new Head(text, leftover));
    }
}
