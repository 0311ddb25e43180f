package dev.upyd.protocol.repl;

import dev.upyd.protocol.Feed;
import dev.upyd.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.upyd.protocol.Feed.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RawReplEntry keeps a fixed tail and searches each read in place: a banner that starts in the tail, in the read,
 * or after a false start, the exact noise limit, and the bytes quoted in the error must not depend on the cut.
 */
class RawReplEntryScanTest {
    private static final String BANNER = ReplBytes.RAW_BANNER;

    /** The bytes after the banner, or null if it was not seen. */
    private static String enter(List<byte[]> reads) {
        RawReplEntry e = new RawReplEntry();
        StringBuilder rest = new StringBuilder();
        for (byte[] r : reads) {
            if (e.entered()) {
                rest.append(new String(r, java.nio.charset.StandardCharsets.ISO_8859_1));
            } else if (e.offer(r)) {
                rest.append(new String(e.leftover(), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return e.entered() ? rest.toString() : null;
    }

    @Test
    void bannerAfterAnyAmountOfNoiseAndFalseStartsInEveryCut() {
        for (int noise : new int[] {0, 1, 30, 31, 32, 33, 70}) {
            byte[] stream = ascii("n".repeat(noise) + "raw REPL; CTRL-B to exi" + "raw REPL; CTRL-" + BANNER + "tail>");
            for (List<byte[]> cut : Feed.allCuts(stream)) {
                assertEquals("tail>", enter(cut), "noise " + noise);
            }
        }
    }

    @Test
    void bannerAcrossThreeReads() {
        RawReplEntry e = new RawReplEntry();
        assertFalse(e.offer(ascii("xx raw REPL")));
        assertFalse(e.offer(ascii("; CTRL")));
        assertTrue(e.offer(ascii("-B to exit\r\n>OK")));
        assertEquals("OK", new String(e.leftover(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void noiseWithoutBannerIsToleratedUpToTheLimitPlusATail() {
        // the last BANNER.length - 1 bytes could still start the banner, so they are not noise yet
        byte[] ok = new byte[RawReplEntry.MAX_NOISE + BANNER.length() - 1];
        assertEquals(null, enter(List.of(ok)));
        assertEquals(null, enter(Feed.bytewise(ok)));
        byte[] tooMuch = new byte[ok.length + 1];
        assertThrows(ProtocolException.class, () -> enter(List.of(tooMuch)));
        assertThrows(ProtocolException.class, () -> enter(Feed.bytewise(tooMuch)));
    }

    @Test
    void theErrorQuotesTheLastBytesSeen() {
        byte[] stream = ascii("n".repeat(RawReplEntry.MAX_NOISE - 9) + "0123456789" + BANNER);
        // the banner is seen, one byte too late: the error quotes what came before it
        for (List<byte[]> cut : List.of(List.of(stream), Feed.splitAt(stream, stream.length - BANNER.length() - 3))) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> enter(cut));
            assertTrue(e.getMessage().contains("nnn0123456789'"), e.getMessage());
        }
        // byte by byte the limit is hit before the banner is complete: the error quotes the tail kept
        ProtocolException e = assertThrows(ProtocolException.class, () -> enter(Feed.bytewise(stream)));
        assertTrue(e.getMessage().contains("'raw REPL; CTRL-B to exit\\r\\n'"), e.getMessage());
    }
}
