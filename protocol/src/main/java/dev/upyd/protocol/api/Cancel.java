package dev.upyd.protocol.api;

/** Client -> daemon: cancel the running request {@code targetRequestId} (it ends with a Result). */
public record Cancel(int requestId, int targetRequestId) implements Message {
}
