package dev.upyd.cli.client;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * What the reader thread hands to the waiting thread: an unbounded FIFO on a plain monitor. Not a
 * {@code LinkedBlockingQueue}: its first timed wait goes through {@code ForkJoinPool.managedBlock}, and
 * initialising {@code ForkJoinPool} (common pool, VarHandles) cost the CLI about 5 ms of every start.
 * Unbounded is fine: the daemon only sends what this client asked for, and frames are capped at 1 MiB.
 */
final class Inbox implements java.util.function.Consumer<dev.upyd.protocol.api.Message> {
    private final ArrayDeque<Object> items = new ArrayDeque<>();

    synchronized void add(Object o) {
        items.addLast(o);
        notifyAll();
    }

    /** The decoder's sink (a plain implementation, not {@code inbox::add}: see UnixSockets.WarmUp). */
    @Override
    public void accept(dev.upyd.protocol.api.Message o) {
        add(o);
    }

    synchronized Object peek() {
        return items.peekFirst();
    }

    synchronized Object poll() {
        return items.pollFirst();
    }

    /** The next item, waiting up to {@code timeout}; null when none came. */
    synchronized Object poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (items.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return items.pollFirst();
    }

    synchronized Object take() throws InterruptedException {
        while (items.isEmpty()) {
            wait();
        }
        return items.pollFirst();
    }
}
