package dev.upyd.protocol.webrepl;

import dev.upyd.protocol.Bytes;
import dev.upyd.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The 82-byte request header of the WebREPL file protocol, struct {@code "<2sBBQLH64s"}: {@code WA}, type, flags
 * (0), u64 offset (ignored by the device), u32 size (PUT: bytes that follow), u16 name length, 64-byte
 * NUL-padded name. The device NUL-terminates the name, so at most 63 bytes are usable.
 */
public record FileRequest(FileOp op, long offset, long size, String path) {
    public static final int LENGTH = 82;
    public static final int NAME_FIELD = 64;
    public static final int MAX_PATH_BYTES = NAME_FIELD - 1;

    public FileRequest {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(path, "path");
        if (size < 0 || size > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("file size " + size + " does not fit the protocol's u32 size field");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        int n = path.getBytes(StandardCharsets.UTF_8).length;
        if (n > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("remote path '" + path + "' is " + n
                    + " UTF-8 bytes; the device accepts at most " + MAX_PATH_BYTES);
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("remote path contains a NUL character");
        }
    }

    public static FileRequest put(String path, long size) {
        return new FileRequest(FileOp.PUT, 0, size, path);
    }

    public static FileRequest get(String path) {
        return new FileRequest(FileOp.GET, 0, 0, path);
    }

    public static FileRequest getVersion() {
        return new FileRequest(FileOp.GET_VER, 0, 0, "");
    }

    public byte[] encode() {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 'W').put((byte) 'A');
        bb.put((byte) op.code()).put((byte) 0);
        bb.putLong(offset);
        bb.putInt((int) size);
        bb.putShort((short) name.length);
        bb.put(name);
        return bb.array();
    }

    /** Decodes exactly {@link #LENGTH} bytes at {@code off}. */
    public static FileRequest decode(byte[] b, int off) {
        if (off < 0 || b.length - off < LENGTH) {
            throw new ProtocolException("truncated WebREPL file request: " + Math.max(0, b.length - off)
                    + " of " + LENGTH + " bytes");
        }
        if (b[off] != 'W' || b[off + 1] != 'A') {
            throw new ProtocolException("WebREPL file request does not start with 'WA': "
                    + Bytes.escape(b, off, 2, 2));
        }
        ByteBuffer bb = ByteBuffer.wrap(b, off, LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        bb.position(off + 2);
        FileOp op = FileOp.of(bb.get() & 0xff);
        bb.get(); // flags: unused by the device
        long offset = bb.getLong();
        long size = bb.getInt() & 0xFFFF_FFFFL;
        bb.getShort(); // fname_len: clients send it, the device ignores it and reads up to the first NUL; so do we
        int nul = 0;
        int nameStart = off + 18;
        while (nul < NAME_FIELD && b[nameStart + nul] != 0) {
            nul++;
        }
        if (nul == NAME_FIELD) {
            throw new ProtocolException("WebREPL file request name is not NUL-terminated within 64 bytes");
        }
        String path;
        try {
            path = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, nameStart, nul)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("WebREPL file request name is not valid UTF-8: "
                    + Bytes.escape(b, nameStart, nul, 64));
        }
        if (offset < 0) {
            throw new ProtocolException("WebREPL file request offset does not fit a signed 64-bit value");
        }
        return new FileRequest(op, offset, size, path);
    }
}
