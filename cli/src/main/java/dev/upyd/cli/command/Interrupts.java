package dev.upyd.cli.command;

import dev.upyd.cli.client.DaemonClient;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C while a device command runs: the first press asks the daemon to cancel the request (it sends
 * Ctrl-C to the device, so the device program stops and the traceback still prints); a second press
 * leaves at once. sun.misc.Signal (jdk.unsupported) is the only way a JVM can catch SIGINT without
 * exiting, and it is available on every JDK this runs on.
 */
final class Interrupts implements AutoCloseable {
    private final SignalHandler previous;
    private volatile int presses;

    private Interrupts(DaemonClient client) {
        // an anonymous class, not a lambda: see UnixSockets.WarmUp
        SignalHandler h = new SignalHandler() {
            @Override
            public void handle(Signal sig) {
                if (++presses > 1) {
                    Runtime.getRuntime().halt(130);
                }
                try {
                    client.cancelCurrent();
                } catch (RuntimeException e) {
                    Runtime.getRuntime().halt(130);
                }
            }
        };
        SignalHandler p;
        try {
            p = Signal.handle(new Signal("INT"), h);
        } catch (IllegalArgumentException e) {
            p = null; // no SIGINT on this platform
        }
        previous = p;
    }

    static Interrupts cancelling(DaemonClient client) {
        return new Interrupts(client);
    }

    boolean interrupted() {
        return presses > 0;
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(new Signal("INT"), previous);
        }
    }
}
