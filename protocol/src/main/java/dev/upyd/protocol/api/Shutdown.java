package dev.upyd.protocol.api;

/** Client -> daemon: stop the daemon. */
public record Shutdown(int requestId) implements Message {
}
