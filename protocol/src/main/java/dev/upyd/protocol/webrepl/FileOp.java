package dev.upyd.protocol.webrepl;

import dev.upyd.protocol.ProtocolException;

/** The {@code type} byte of a {@code WA} request (modwebrepl.c). */
public enum FileOp {
    PUT(1), GET(2), GET_VER(3);

    private final int code;

    FileOp(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FileOp of(int code) {
        for (FileOp op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        throw new ProtocolException("unknown WebREPL file operation type " + code + " (expected 1 PUT, 2 GET, 3 GET_VER)");
    }
}
