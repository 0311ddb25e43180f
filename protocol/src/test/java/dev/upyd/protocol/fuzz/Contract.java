package dev.upyd.protocol.fuzz;

import dev.upyd.protocol.ProtocolException;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The codecs' contract: input either decodes or is rejected with a {@link ProtocolException} that says why.
 * Anything else (IndexOutOfBounds, NumberFormat, NullPointer, OutOfMemory, StackOverflow...) escapes from here
 * and is a finding for Jazzer.
 */
final class Contract {
    private Contract() {
    }

    /** The result of decoding: a value, or the ProtocolException that rejected the input. */
    record Outcome<T>(T value, ProtocolException rejected) {
        boolean ok() {
            return rejected == null;
        }
    }

    static <T> Outcome<T> decode(Supplier<T> decoder) {
        try {
            return new Outcome<>(decoder.get(), null);
        } catch (ProtocolException e) {
            checkMessage(e);
            return new Outcome<>(null, e);
        }
    }

    static Outcome<Void> run(Runnable decoder) {
        return decode(() -> {
            decoder.run();
            return null;
        });
    }

    /** A rejection must tell the user what was wrong: a non-blank message. */
    static void checkMessage(ProtocolException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("ProtocolException without a message", e);
        }
    }

    /** Fails the fuzz run (Jazzer records the input) with both sides in the message. */
    static void same(Object whole, Object split, String what) {
        if (!Objects.equals(whole, split)) {
            throw new AssertionError(what + " depends on how the stream was cut into reads: whole=" + whole
                    + " split=" + split);
        }
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
