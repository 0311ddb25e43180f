package dev.upyd.sim;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link DeviceStats}; every increment notifies one listener (the stats file). */
final class DeviceCounters {
    final AtomicLong connectionsAccepted = new AtomicLong();
    final AtomicLong tlsHandshakesCompleted = new AtomicLong();
    final AtomicLong tlsHandshakesFailed = new AtomicLong();
    final AtomicLong loginsOk = new AtomicLong();
    final AtomicLong loginsDenied = new AtomicLong();
    final AtomicLong concurrentRejected = new AtomicLong();
    final AtomicLong fileOps = new AtomicLong();
    final AtomicLong resets = new AtomicLong();

    private final String name;
    private volatile Runnable onChange = () -> { };

    DeviceCounters(String name) {
        this.name = name;
    }

    void onChange(Runnable r) {
        onChange = r;
    }

    void inc(AtomicLong counter) {
        counter.incrementAndGet();
        onChange.run();
    }

    DeviceStats snapshot() {
        return new DeviceStats(name, connectionsAccepted.get(), tlsHandshakesCompleted.get(), tlsHandshakesFailed.get(),
                loginsOk.get(), loginsDenied.get(), concurrentRejected.get(), fileOps.get(), resets.get());
    }
}
