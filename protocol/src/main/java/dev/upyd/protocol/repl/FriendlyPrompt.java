package dev.upyd.protocol.repl;

/** Prompt detection for the friendly REPL, where output and prompt share one byte stream. */
public final class FriendlyPrompt {
    private static final byte[] PROMPT = {'>', '>', '>', ' '};
    private static final byte[] CONTINUATION = {'.', '.', '.', ' '};

    private FriendlyPrompt() {
    }

    /** The first {@code len} bytes end in {@code >>> }: the REPL waits for a new statement. */
    public static boolean endsWithPrompt(byte[] buf, int len) {
        return endsWith(buf, len, PROMPT);
    }

    /** The first {@code len} bytes end in {@code ... }: the REPL waits for the rest of a compound statement. */
    public static boolean endsWithContinuation(byte[] buf, int len) {
        return endsWith(buf, len, CONTINUATION);
    }

    private static boolean endsWith(byte[] buf, int len, byte[] suffix) {
        if (len < suffix.length || len > buf.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (buf[len - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }
}
