package dev.upyd.protocol.pylit;

/** Python's {@code None} (a Java null would be ambiguous in maps and lists). */
public enum PyNone {
    NONE;

    @Override
    public String toString() {
        return "None";
    }
}
