package dev.upyd.protocol.api;

/** Client -> daemon: end the {@link Attach} session with this request id. */
public record Detach(int requestId) implements Message {
}
