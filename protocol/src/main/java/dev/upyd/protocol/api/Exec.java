package dev.upyd.protocol.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * Client -> daemon: run {@code code} (UTF-8 Python source) on {@code device}; output streams back as
 * {@link Output}, then {@link Result}. Arrays are not copied (hot path): do not modify them after construction.
 *
 * @param flags bit set of the FLAG_ constants; unknown bits must be 0 and are ignored by this version
 */
public record Exec(int requestId, String device, byte[] code, int flags) implements Message {
    /** Bit 0: in friendly-REPL mode, do not return the echo of the command line. */
    public static final int FLAG_ECHO_OFF = 1;
    /** Bit 1: run through the friendly REPL ({@code >>>}, like upydev wr_cmd) instead of raw-paste. */
    public static final int FLAG_FRIENDLY = 1 << 1;
    /**
     * Bit 2 ({@code sysctl start}): answer at once and leave the program running on the device, its output
     * dropped, until a {@link #FLAG_STOP_BACKGROUND} request; the device takes no other command meanwhile.
     */
    public static final int FLAG_BACKGROUND = 1 << 2;
    /** Bit 3 ({@code sysctl stop}): interrupt the background program (Ctrl-C), then run this code. */
    public static final int FLAG_STOP_BACKGROUND = 1 << 3;

    public Exec {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(code, "code");
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Exec e && requestId == e.requestId && flags == e.flags && device.equals(e.device)
                && Arrays.equals(code, e.code);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, device, flags) * 31 + Arrays.hashCode(code);
    }

    @Override
    public String toString() {
        return "Exec[requestId=" + requestId + ", device=" + device + ", code=" + code.length + " bytes, flags="
                + flags + "]";
    }
}
