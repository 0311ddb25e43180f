package dev.upyd.protocol.repl;

/** Receives a raw-REPL result as it streams in. */
public interface RawReplListener {
    void stdout(byte[] b);

    void stderr(byte[] b);

    /** The final {@code >} arrived: the device is idle in the raw REPL again. */
    void done();
}
