package dev.upyd.protocol.webrepl;

import dev.upyd.protocol.Bytes;
import dev.upyd.protocol.ProtocolException;

/** The device's 4-byte {@code WB} + u16 LE status record (status is always 0 in current firmware). */
public final class FileResponse {
    public static final int LENGTH = 4;

    private FileResponse() {
    }

    public static byte[] encode(int status) {
        if (status < 0 || status > 0xffff) {
            throw new IllegalArgumentException("status " + status + " does not fit u16");
        }
        return new byte[] {'W', 'B', (byte) status, (byte) (status >>> 8)};
    }

    public static int decode(byte[] b, int off) {
        if (off < 0 || b.length - off < LENGTH) {
            throw new ProtocolException("truncated WebREPL file response: " + Math.max(0, b.length - off)
                    + " of 4 bytes");
        }
        if (b[off] != 'W' || b[off + 1] != 'B') {
            throw new ProtocolException("WebREPL file response does not start with 'WB': "
                    + Bytes.escape(b, off, LENGTH, LENGTH));
        }
        return (b[off + 2] & 0xff) | (b[off + 3] & 0xff) << 8;
    }
}
