package dev.upyd.protocol.api;

/** Client -> daemon: re-read the configuration and the device group. */
public record ReloadConfig(int requestId) implements Message {
}
