package dev.upyd.protocol.api;

/** Daemon -> client: {@code done} of {@code total} bytes (total 0 = unknown). */
public record Progress(int requestId, long done, long total) implements Message {
}
