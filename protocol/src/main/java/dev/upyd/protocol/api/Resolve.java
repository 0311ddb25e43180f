package dev.upyd.protocol.api;

/**
 * Client -> daemon: resolve a device host name the way the daemon does before connecting ({@code NAME.local}
 * by its own mDNS, asked afresh). Answered by a {@link Result}: exit code 0 and the address as the message, or
 * a non-zero code and the reason.
 */
public record Resolve(int requestId, String host) implements Message {
}
