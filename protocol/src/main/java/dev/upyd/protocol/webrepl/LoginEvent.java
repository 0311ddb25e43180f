package dev.upyd.protocol.webrepl;

import java.util.Arrays;

/**
 * What {@link LoginDecoder} saw. Compare with the constants ({@code ev == LoginEvent.DENIED}) or switch on
 * {@link #kind()}; only {@link Connected} carries data (the REPL bytes that followed the banner).
 */
public sealed interface LoginEvent {
    enum Kind { NEED_MORE, PASSWORD_PROMPT, CONNECTED, DENIED }

    Kind kind();

    LoginEvent NEED_MORE = new Simple(Kind.NEED_MORE);
    LoginEvent PASSWORD_PROMPT = new Simple(Kind.PASSWORD_PROMPT);
    LoginEvent DENIED = new Simple(Kind.DENIED);

    record Simple(Kind kind) implements LoginEvent {
    }

    /** Logged in; {@code leftover} are REPL output bytes that arrived after {@code >>> } in the same payloads. */
    record Connected(byte[] leftover) implements LoginEvent {
        public Connected {
            leftover = leftover.clone();
        }

        @Override
        public byte[] leftover() {
            return leftover.clone();
        }

        @Override
        public Kind kind() {
            return Kind.CONNECTED;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Connected c && Arrays.equals(leftover, c.leftover);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(leftover);
        }

        @Override
        public String toString() {
            return "Connected[leftover=" + leftover.length + " bytes]";
        }
    }
}
