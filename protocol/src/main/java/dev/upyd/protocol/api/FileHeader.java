package dev.upyd.protocol.api;

/** Daemon -> client: the size of the file that follows in {@link Data} chunks. */
public record FileHeader(int requestId, long size) implements Message {
}
