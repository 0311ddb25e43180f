package dev.upyd.protocol.api;

/**
 * Client -> daemon: time one round trip to {@code device} over the session the daemon holds (a GET_VER
 * request of the WebREPL file protocol: three bytes back, no effect on a running program). Answered by a
 * {@link Result}: exit code 0 and the round-trip time in microseconds as the message, or the reason it failed.
 * It waits its turn behind the device's other operations, so the time is the device's, not the queue's.
 */
public record Ping(int requestId, String device) implements Message {
}
