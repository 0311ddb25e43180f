package dev.upyd.cli.mip;

/** A package that cannot be installed: not found, malformed, or its bytes do not match the index. */
public final class MipException extends RuntimeException {
    private final boolean integrity;

    public MipException(String message) {
        this(message, false);
    }

    public MipException(String message, boolean integrity) {
        super(message);
        this.integrity = integrity;
    }

    public boolean integrity() {
        return integrity;
    }
}
