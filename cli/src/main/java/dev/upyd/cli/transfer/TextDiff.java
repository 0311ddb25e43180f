package dev.upyd.cli.transfer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * dsync {@code -p}: a unified diff of a modified file, or one line when either side is binary (a NUL
 * byte or invalid UTF-8, the test git and diff use) or too large to show usefully.
 */
public final class TextDiff {
    /** Larger files are only reported as differing: a diff of them fills a terminal to no use. */
    public static final int MAX_BYTES = 256 * 1024;

    private TextDiff() {
    }

    /** Empty when both texts are equal. */
    public static String of(String oldName, String newName, byte[] a, byte[] b) {
        if (a.length > MAX_BYTES || b.length > MAX_BYTES) {
            return tooLarge(oldName, newName);
        }
        String x = text(a);
        String y = text(b);
        if (x == null || y == null) {
            return "binary files " + oldName + " and " + newName + " differ\n";
        }
        return unified(oldName, newName, x, y);
    }

    public static String tooLarge(String oldName, String newName) {
        return "files " + oldName + " and " + newName + " differ (over " + MAX_BYTES / 1024 + " kB: not diffed)\n";
    }

    /** The text, or null when the bytes are binary. */
    static String text(byte[] bytes) {
        for (byte v : bytes) {
            if (v == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String unified(String oldName, String newName, String a, String b) {
        return dev.upyd.cli.devicecmd.UnifiedDiff.of(oldName, newName, a, b); // the CLI's one diff (set_wss uses it too)
    }
}
