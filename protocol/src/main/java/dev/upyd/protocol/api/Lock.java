package dev.upyd.protocol.api;

/** Client -> daemon: forget the unlocked key passphrase. */
public record Lock(int requestId) implements Message {
}
