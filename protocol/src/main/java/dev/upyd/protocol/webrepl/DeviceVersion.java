package dev.upyd.protocol.webrepl;

import dev.upyd.protocol.ProtocolException;

/** The 3-byte GET_VER reply {@code [major, minor, micro]}. */
public record DeviceVersion(int major, int minor, int micro) {
    public static final int LENGTH = 3;

    public static DeviceVersion decode(byte[] b) {
        if (b.length != LENGTH) {
            throw new ProtocolException("GET_VER reply must be 3 bytes, got " + b.length);
        }
        return new DeviceVersion(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
    }

    public byte[] encode() {
        return new byte[] {(byte) major, (byte) minor, (byte) micro};
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + micro;
    }
}
