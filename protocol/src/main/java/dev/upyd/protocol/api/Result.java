package dev.upyd.protocol.api;

/** Final message of every request: exit code 0 = success; {@code message} is human-readable (GET: the sha256 hex). */
public record Result(int requestId, int exitCode, String message) implements Message {
}
