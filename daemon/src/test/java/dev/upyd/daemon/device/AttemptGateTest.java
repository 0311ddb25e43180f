package dev.upyd.daemon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptGateTest {
    @Test
    void atMostLimitRunAndTheRestFollowInOrder() {
        AttemptGate gate = new AttemptGate(2);
        List<Promise<Integer>> started = new ArrayList<>();
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(gate.run(() -> {
                Promise<Integer> p = Promise.promise();
                started.add(p);
                return p.future();
            }));
        }
        assertEquals(2, started.size());
        assertEquals(3, gate.waiting());
        started.get(0).complete(0);
        assertEquals(3, started.size(), "a finished attempt hands its slot to the next one");
        started.get(1).fail("refused");
        started.get(2).complete(2);
        assertEquals(5, started.size());
        assertEquals(2, gate.running());
        started.get(3).complete(3);
        started.get(4).complete(4);
        assertEquals(0, gate.running());
        assertTrue(results.get(1).failed());
        assertEquals(4, results.get(4).result());
    }

    @Test
    void anAttemptThatThrowsReleasesItsSlot() {
        AttemptGate gate = new AttemptGate(1);
        Future<Object> f = gate.run(() -> {
            throw new IllegalStateException("boom");
        });
        assertTrue(f.failed());
        assertEquals(0, gate.running());
    }
}
