package dev.upyd.daemon.device;

/** Receives a file read from the device: its size first, then the data, then the result. */
public interface FileSink extends OutputSink {
    void header(long size);

    void data(byte[] chunk);

    @Override
    default void stdout(byte[] b) {
    }

    @Override
    default void stderr(byte[] b) {
    }
}
