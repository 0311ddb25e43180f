package dev.upyd.protocol.api;

/** Client -> daemon: answered by {@link DeviceList} then {@link Result}. */
public record ListDevices(int requestId) implements Message {
}
