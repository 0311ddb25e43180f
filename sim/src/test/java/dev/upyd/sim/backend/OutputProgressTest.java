package dev.upyd.sim.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutputProgressTest {
    @Test
    void anEventWaitsUntilTheOutputBeforeItHasBeenPassedOn() throws Exception {
        OutputProgress p = new OutputProgress();
        CompletableFuture<Boolean> event = CompletableFuture.supplyAsync(() -> {
            try {
                return p.awaitOffset(10, 30_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        p.passedOn(4);
        assertFalse(event.isDone() && event.get(), "6 bytes are still missing");
        p.passedOn(6);
        assertTrue(event.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aClosedPipeReleasesTheEventAndATimeoutIsReported() throws Exception {
        OutputProgress p = new OutputProgress();
        assertFalse(p.awaitOffset(1, 20), "nothing passed on within the wait");
        p.ended();
        assertFalse(p.awaitOffset(1, 60_000), "returns at once: the output will never come");
        assertTrue(p.awaitOffset(0, 0));
    }
}
