package dev.upyd.protocol.api;

/**
 * A message of the local API between the CLI and the daemon (Unix socket). Every message carries the id of the
 * request it belongs to; the client picks ids, the daemon echoes them, so many requests can share a connection.
 * Wire format: see {@link MessageCodec}. To add a message: a record here (and in {@code permits}) plus its type number
 * in {@link MessageCodec}.
 */
public sealed interface Message permits Hello, HelloOk, ListDevices, DeviceList, Exec, Output, Progress, Result,
        PutFile, Data, GetFile, FileHeader, Attach, Input, Detach, Cancel, Unlock, Lock, ReloadConfig, Shutdown,
        ErrorReply, Resolve, Ping {
    /** Bumped on any incompatible change of the wire format or of a message's meaning. */
    int PROTOCOL_VERSION = 1;
    /** Largest frame, including its 4-byte length prefix. */
    int MAX_FRAME = 1 << 20;

    int requestId();
}
