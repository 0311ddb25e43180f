package dev.upyd.cli.util;

/**
 * Keeps a device from driving the user's terminal outside REPL mode: escape sequences other than
 * colour (SGR, {@code ESC [ ... m}) are dropped, as are C0 controls except TAB, LF, CR and BS. A
 * device can otherwise set the window title, remap keys, write to the clipboard (OSC 52) or hide text.
 * Stateful, so a sequence split over two chunks of output is still recognised.
 */
public final class AnsiFilter {
    private enum State { TEXT, ESC, CSI, OSC, OSC_ESC }

    private State state = State.TEXT;
    private final StringBuilder csi = new StringBuilder();

    public String filter(CharSequence in) {
        StringBuilder out = new StringBuilder(in.length());
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            switch (state) {
                case TEXT -> {
                    if (c == 0x1b) {
                        state = State.ESC;
                    } else if (c == 0x9b) {
                        state = State.CSI;
                        csi.setLength(0);
                    } else if (c >= 0x20 && c != 0x7f || c == '\n' || c == '\r' || c == '\t' || c == '\b') {
                        out.append(c);
                    }
                }
                case ESC -> {
                    if (c == '[') {
                        state = State.CSI;
                        csi.setLength(0);
                    } else if (c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X') {
                        state = State.OSC; // string commands: swallowed up to BEL or ST
                    } else {
                        state = State.TEXT; // two-byte escape: dropped
                    }
                }
                case CSI -> {
                    if (c >= 0x40 && c <= 0x7e) {
                        if (c == 'm' && csi.length() < 64 && csi.chars().allMatch(ch -> ch == ';' || ch >= '0' && ch <= '9')) {
                            out.append("\u001b[").append(csi).append('m');
                        }
                        state = State.TEXT;
                    } else if (csi.length() < 256) {
                        csi.append(c);
                    }
                }
                case OSC -> {
                    if (c == 0x07) {
                        state = State.TEXT;
                    } else if (c == 0x1b) {
                        state = State.OSC_ESC;
                    }
                }
                case OSC_ESC -> state = c == '\\' ? State.TEXT : State.OSC;
                default -> throw new IllegalStateException();
            }
        }
        return out.toString();
    }
}
