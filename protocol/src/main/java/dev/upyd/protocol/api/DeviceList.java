package dev.upyd.protocol.api;

import java.util.List;

/** Daemon -> client: answer to {@link ListDevices}. */
public record DeviceList(int requestId, List<DeviceInfo> devices) implements Message {
    public DeviceList {
        devices = List.copyOf(devices);
    }
}
