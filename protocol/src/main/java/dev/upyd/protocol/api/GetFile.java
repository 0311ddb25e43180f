package dev.upyd.protocol.api;

/** Client -> daemon: download; answered by {@link FileHeader}, {@link Data} chunks, {@link Progress}, {@link Result}. */
public record GetFile(int requestId, String device, String remotePath) implements Message {
}
