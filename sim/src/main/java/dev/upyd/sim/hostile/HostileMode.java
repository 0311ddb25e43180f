package dev.upyd.sim.hostile;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Attacks a malicious "device" can make on the host after a correct TLS handshake and login (issue #9,
 * "Hostile input"). Output attacks replace the answer to the next exec (raw-paste request); file attacks
 * replace the answer to WA GET/PUT records. GET_VER (the daemon's liveness probe) is always answered
 * honestly, so a hostile device still looks alive until it is asked to do something.
 */
public enum HostileMode {
    /** A TEXT frame header announcing 2^40 payload bytes (64-bit length), followed by a little data. */
    OVERSIZE_LENGTH("oversize-length", "exec answered by a frame header announcing 2^40 payload bytes"),
    /** One real TEXT frame of 1.5 MiB (a board never writes more than 64 KiB per frame). */
    OVERSIZE_FRAME("oversize-frame", "exec answered by one real 1.5 MiB TEXT frame"),
    /** Exec output with invalid UTF-8 (lone continuation bytes, overlongs, surrogates, sequences cut at frame ends), in TEXT and BINARY frames. */
    BAD_UTF8("bad-utf8", "exec output with invalid UTF-8 in TEXT and BINARY frames"),
    /** Endless exec output as fast as the link takes it; Ctrl-C ends it like a KeyboardInterrupt. */
    FLOOD("flood", "endless exec output (in REPL mode: after the line `flood`); Ctrl-C stops it"),
    /** Endless exec output that never sends the raw REPL's \x04 markers and ignores Ctrl-C. */
    FLOOD_NO_END("flood-no-end", "endless exec output (REPL mode: line `flood`), no \\x04 end markers, Ctrl-C ignored"),
    /**
     * Exec output full of escape sequences that rewrite a terminal (OSC title/clipboard, cursor moves, DCS,
     * C1); in the friendly REPL the typed line {@code ansi} gets the same answer.
     */
    ANSI("ansi", "exec output (and the REPL line `ansi`) full of OSC/CSI/DCS/C1 escapes, some split across frames"),
    /** WA GET/PUT answered with a record whose signature is not {@code WB}. */
    WB_SIGNATURE("wb-signature", "GET/PUT answered with 'XY' instead of 'WB'"),
    /** WA GET/PUT answered with a WB record carrying an unknown status code. */
    WB_STATUS("wb-status", "GET/PUT answered with WB status 1337"),
    /** WA GET/PUT answered with the first 2 bytes of a WB record, then silence. */
    WB_TRUNCATED("wb-truncated", "GET/PUT answered with a truncated WB record, then silence"),
    /** GET: the first chunk announces 0xFFFF bytes (more than the 256 allowed, "negative" as int16). */
    GET_CHUNK_OVERSIZE("get-chunk-oversize", "GET chunk announcing 0xFFFF bytes"),
    /** GET: every pull is answered with a full chunk, the end-of-file chunk never comes. */
    GET_ENDLESS("get-endless", "GET that never ends"),
    /** PUT: the final WB answer comes right after the first one, before any data was sent. */
    PUT_EARLY_ANSWER("put-early-answer", "PUT completed before its data arrived");

    private final String option;
    private final String description;

    HostileMode(String option, String description) {
        this.option = option;
        this.description = description;
    }

    /** The name on the command line ({@code upyd sim --hostile flood,ansi}). */
    public String option() {
        return option;
    }

    public String description() {
        return description;
    }

    /** Whether this attack replaces the answer to an exec. */
    public boolean isOutputAttack() {
        return ordinal() <= ANSI.ordinal();
    }

    /** Parses {@code MODE[,MODE...]} (option names, case-insensitive); "off"/"none" is the empty set. */
    public static Set<HostileMode> parse(String csv) {
        Set<HostileMode> out = EnumSet.noneOf(HostileMode.class);
        for (String s : csv.split(",")) {
            String w = s.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            if (w.isEmpty() || w.equals("off") || w.equals("none")) {
                continue;
            }
            HostileMode m = null;
            for (HostileMode c : values()) {
                if (c.option.equals(w)) {
                    m = c;
                }
            }
            if (m == null) {
                throw new IllegalArgumentException("unknown hostile mode '" + s.strip() + "' (known: " + names() + ")");
            }
            out.add(m);
        }
        return out;
    }

    /** All option names, comma-separated. */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (HostileMode m : values()) {
            sb.append(sb.length() == 0 ? "" : ",").append(m.option);
        }
        return sb.toString();
    }

    /** One line per mode for {@code --help}. */
    public static String help(String indent) {
        StringBuilder sb = new StringBuilder();
        for (HostileMode m : values()) {
            sb.append(indent).append(String.format("%-20s %s%n", m.option, m.description));
        }
        return sb.toString();
    }
}
