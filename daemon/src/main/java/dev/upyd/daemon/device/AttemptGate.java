package dev.upyd.daemon.device;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * At most N asynchronous attempts running at once; the others wait in arrival order. Callers come from
 * many event loops, so the small state is guarded by this object's monitor.
 */
final class AttemptGate {
    private final int limit;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    AttemptGate(int limit) {
        this.limit = limit;
    }

    <T> Future<T> run(Supplier<Future<T>> attempt) {
        Promise<T> p = Promise.promise();
        Runnable start = () -> {
            Future<T> f;
            try {
                f = attempt.get();
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                release();
                p.handle(ar);
            });
        };
        boolean now;
        synchronized (this) {
            now = running < limit;
            if (now) {
                running++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return p.future();
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.run(); // the slot passes straight to the next attempt
        }
    }

    synchronized int running() {
        return running;
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
