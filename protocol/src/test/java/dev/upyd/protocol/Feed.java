package dev.upyd.protocol;

import java.util.ArrayList;
import java.util.List;

/** Ways to cut one byte stream into reads, so every decoder is tested against arbitrary frame boundaries. */
public final class Feed {
    private Feed() {
    }

    public static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] r = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, r, o, p.length);
            o += p.length;
        }
        return r;
    }

    public static byte[] concat(byte[]... parts) {
        return concat(List.of(parts));
    }

    /** One read per byte. */
    public static List<byte[]> bytewise(byte[] all) {
        List<byte[]> r = new ArrayList<>();
        for (byte b : all) {
            r.add(new byte[] {b});
        }
        return r;
    }

    /** Two reads, split at {@code at}. */
    public static List<byte[]> splitAt(byte[] all, int at) {
        return List.of(java.util.Arrays.copyOfRange(all, 0, at), java.util.Arrays.copyOfRange(all, at, all.length));
    }

    /** All the ways tests cut a stream: whole, per byte, and every two-piece split. */
    public static List<List<byte[]>> allCuts(byte[] all) {
        List<List<byte[]>> r = new ArrayList<>();
        r.add(List.of(all));
        r.add(bytewise(all));
        for (int at = 1; at < all.length; at++) {
            r.add(splitAt(all, at));
        }
        return r;
    }

    public static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
