package dev.upyd.protocol.api;

/** Client -> daemon: start an interactive raw byte stream with the device ({@link Input} / {@link Output}) until {@link Detach}. */
public record Attach(int requestId, String device) implements Message {
}
