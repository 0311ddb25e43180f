package dev.upyd.protocol.api;

/** Daemon -> client: the daemon speaks {@code protocolVersion}. */
public record HelloOk(int requestId, int protocolVersion, String daemonVersion) implements Message {
}
