package dev.upyd.protocol.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How every fuzz target reads its bytes: {@code [header][cut lengths][payload]}. The header's low 3 bits are the
 * number of cuts, bit 3 means "one read per byte", the high 4 bits are target-specific flags; each cut is a u16 LE
 * read length. So the fuzzer chooses both the bytes and where the reads split them, and a seed is written by hand
 * as {@code 0x00} + the bytes (one read, no flags).
 *
 * <p>A plain {@code byte[]} layout instead of FuzzedDataProvider keeps seeds readable and easy to derive from
 * device captures (see {@link SeedCorpus}).
 */
final class FuzzInput {
    private final int flags;
    private final boolean bytewise;
    private final int[] cuts;
    private final byte[] payload;

    private FuzzInput(int flags, boolean bytewise, int[] cuts, byte[] payload) {
        this.flags = flags;
        this.bytewise = bytewise;
        this.cuts = cuts;
        this.payload = payload;
    }

    static FuzzInput of(byte[] data) {
        if (data.length == 0) {
            return new FuzzInput(0, false, new int[0], data);
        }
        int h = data[0] & 0xff;
        int n = h & 7;
        int pos = 1;
        int[] cuts = new int[n];
        int got = 0;
        while (got < n && pos + 2 <= data.length) {
            cuts[got++] = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
            pos += 2;
        }
        return new FuzzInput(h >>> 4, (h & 8) != 0, Arrays.copyOf(cuts, got), Arrays.copyOfRange(data, pos, data.length));
    }

    /** The inverse of {@link #of}, for writing seeds. */
    static byte[] encode(int flags, boolean bytewise, int[] cuts, byte[] payload) {
        if (cuts.length > 7 || flags > 15) {
            throw new IllegalArgumentException("at most 7 cuts and 4 flag bits");
        }
        byte[] r = new byte[1 + 2 * cuts.length + payload.length];
        r[0] = (byte) (flags << 4 | (bytewise ? 8 : 0) | cuts.length);
        for (int i = 0; i < cuts.length; i++) {
            r[1 + 2 * i] = (byte) cuts[i];
            r[2 + 2 * i] = (byte) (cuts[i] >>> 8);
        }
        System.arraycopy(payload, 0, r, 1 + 2 * cuts.length, payload.length);
        return r;
    }

    boolean flag(int bit) {
        return (flags & (1 << bit)) != 0;
    }

    int flags() {
        return flags;
    }

    byte[] payload() {
        return payload.clone();
    }

    /** The payload cut into reads as the header says; the pieces concatenate to the payload. Empty reads included. */
    List<byte[]> reads() {
        return reads(payload);
    }

    /** Cuts {@code bytes} (e.g. part of the payload) the way the header says. */
    List<byte[]> reads(byte[] bytes) {
        List<byte[]> r = new ArrayList<>();
        if (bytewise) {
            for (byte b : bytes) {
                r.add(new byte[] {b});
            }
            return r;
        }
        int at = 0;
        for (int c : cuts) {
            int n = Math.min(c, bytes.length - at);
            r.add(Arrays.copyOfRange(bytes, at, at + n));
            at += n;
        }
        r.add(Arrays.copyOfRange(bytes, at, bytes.length));
        return r;
    }

    static byte[] concat(List<byte[]> parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] r = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, r, o, p.length);
            o += p.length;
        }
        return r;
    }
}
