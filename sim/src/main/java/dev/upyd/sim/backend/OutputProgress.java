package dev.upyd.sim.backend;

/**
 * How many bytes of one node process's stdout have been passed on. The wrapper's events come on
 * stderr, a second pipe read by a second thread, and each names the stdout byte count written
 * before it ({@code [mpsim] ready @1234}); an event is held here until the output before it has
 * been passed on, so the two pipes keep the order in which the board produced them. Without it
 * "ready" could overtake the boot banner, which then reached the first WebREPL client.
 */
final class OutputProgress {
    private long passedOn;
    private boolean ended;

    synchronized void passedOn(int bytes) {
        passedOn += bytes;
        notifyAll();
    }

    /** The pipe is closed: nothing more will come, so nobody waits for it. */
    synchronized void ended() {
        ended = true;
        notifyAll();
    }

    /** Waits until {@code offset} bytes have been passed on, the pipe ended, or {@code maxWaitMs} passed. */
    synchronized boolean awaitOffset(long offset, long maxWaitMs) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitMs * 1_000_000L;
        while (passedOn < offset && !ended) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                return false;
            }
            wait(leftMs);
        }
        return passedOn >= offset;
    }
}
