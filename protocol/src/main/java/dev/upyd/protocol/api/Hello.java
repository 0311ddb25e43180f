package dev.upyd.protocol.api;

/** Client -> daemon, first message of a connection. */
public record Hello(int requestId, int protocolVersion, String client) implements Message {
}
