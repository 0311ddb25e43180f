package dev.upyd.sim.hostile;

import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.repl.ReplBytes;
import dev.upyd.protocol.webrepl.FileOp;
import dev.upyd.protocol.webrepl.FileRequest;
import dev.upyd.protocol.webrepl.FileResponse;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Arrays;

/**
 * The hostile layer of one client connection, between the frame decoder and the honest REPL/file
 * protocol. While an output attack is active it answers the host's raw-paste request itself (the
 * honest handshake, so the host is sure its exec is running) and then sends the attack instead of the
 * program's output; while a file attack is active it answers WA GET/PUT records. Everything else, and
 * everything while the device is honest, goes to the real backend. Event-loop confined.
 */
public final class HostileSession {
    /** What the session may do with the connection. */
    public interface Link {
        /** A TEXT frame of REPL output (through the normal encoder). */
        void text(byte[] payload);

        /** A BINARY frame (file protocol answer). */
        void binary(byte[] payload);

        /** Bytes written as they are, around the frame encoder: for frames a correct encoder would refuse. */
        void raw(byte[] bytes);

        /** Bytes for the honest file protocol (a GET_VER probe read by the hostile layer). */
        void honestFileBytes(byte[] bytes);

        boolean writeQueueFull();

        /** Runs {@code r} once the socket can take more (replaces any earlier drain action). */
        void onDrain(Runnable r);

        /** True while the connection is logged in and open. */
        boolean open();
    }

    private enum Repl { IDLE, PASTE, FLOODING, DEAD }

    private enum Files { HEADER, GET_PULLS, PUT_DATA, SWALLOW }

    /** Window granted in the fake raw-paste handshake (a board grants 128). */
    private static final int WINDOW = 256;
    /** Frames written per event-loop turn while flooding: other connections of this process keep their turn. */
    private static final int FLOOD_BURST = 16;
    private static final byte[] FLOOD_CHUNK = HostilePayloads.floodChunk();

    private final HostileControl control;
    private final Link link;
    private Repl repl = Repl.IDLE;
    private HostileMode flood;
    private long pasted;
    private Context context;

    private Files files = Files.HEADER;
    private final byte[] header = new byte[FileRequest.LENGTH];
    private int headerFill;
    private HostileMode fileAttack;
    private long putRemaining;
    private boolean firstPull;
    private boolean closed;
    private final StringBuilder typed = new StringBuilder();
    /** The flood was started by a typed line in the friendly REPL (so Ctrl-C ends it with a friendly prompt). */
    private boolean floodFromRepl;

    public HostileSession(HostileControl control, Link link) {
        this.control = control;
        this.link = link;
    }

    /** REPL input from the host; true when the hostile layer consumed it. */
    public boolean text(byte[] payload) {
        switch (repl) {
            case DEAD:
                return true; // after a malformed frame the stream is garbage: nothing honest can follow
            case FLOODING:
                if (indexOf(payload, ReplBytes.CTRL_C) >= 0 && flood == HostileMode.FLOOD) {
                    repl = Repl.IDLE;
                    flood = null;
                    link.text(floodFromRepl ? HostilePayloads.INTERRUPTED_FRIENDLY : HostilePayloads.INTERRUPTED);
                }
                return true; // FLOOD_NO_END ignores Ctrl-C: only dropping the connection ends it
            case PASTE:
                paste(payload);
                return true;
            default:
                break;
        }
        // in the friendly REPL (a shell's REPL mode) a typed line `ansi` makes the device answer with the escape
        // flood too (the line still reaches the interpreter, as any typed line does), and a line `flood` starts
        // the endless output, as a program printing in a loop would
        typed.append(new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1));
        if (typed.length() > 16) {
            typed.delete(0, typed.length() - 16);
        }
        HostileMode replFlood = control.has(HostileMode.FLOOD) ? HostileMode.FLOOD
                : control.has(HostileMode.FLOOD_NO_END) ? HostileMode.FLOOD_NO_END : null;
        if (replFlood != null && typed.toString().endsWith("flood\r")) {
            typed.setLength(0);
            control.countAttack();
            floodFromRepl = true;
            startFlood(replFlood);
            return true;
        }
        if (control.has(HostileMode.ANSI)) {
            if (typed.toString().endsWith("ansi\r")) {
                typed.setLength(0);
                control.countAttack();
                for (byte[] f : HostilePayloads.ansiFrames()) {
                    link.text(f);
                }
            }
        }
        HostileMode attack = outputAttack();
        if (attack == null || indexOf(payload, ReplBytes.RAW_PASTE_REQUEST) < 0) {
            return false;
        }
        // the honest answer of pyexec.c: R, \x01 (raw-paste supported), u16 LE window, \x01 (first window free)
        repl = Repl.PASTE;
        pasted = 0;
        link.text(new byte[] {'R', 0x01, (byte) WINDOW, (byte) (WINDOW >> 8), 0x01});
        return true;
    }

    private void paste(byte[] payload) {
        for (byte b : payload) {
            if (b == ReplBytes.CTRL_D) {
                link.text(new byte[] {ReplBytes.CTRL_D}); // end of data acknowledged: "the program runs"
                attack();
                return;
            }
            if (b == ReplBytes.CTRL_C) {
                link.text(new byte[] {ReplBytes.CTRL_D});
                link.text(HostilePayloads.INTERRUPTED);
                repl = Repl.IDLE;
                return;
            }
            if (++pasted % WINDOW == 0) {
                link.text(new byte[] {ReplBytes.CTRL_A});
            }
        }
    }

    private void attack() {
        HostileMode m = outputAttack();
        if (m == null) {
            // turned honest during the paste: end the (never run) program cleanly
            link.text(HostilePayloads.END_OF_OUTPUT);
            repl = Repl.IDLE;
            return;
        }
        control.countAttack();
        switch (m) {
            case OVERSIZE_LENGTH -> {
                repl = Repl.DEAD;
                link.raw(HostilePayloads.textHeader64(HostilePayloads.HUGE_LENGTH));
                byte[] some = new byte[4096];
                Arrays.fill(some, (byte) 'A');
                link.raw(some);
            }
            case OVERSIZE_FRAME -> {
                repl = Repl.DEAD;
                link.raw(HostilePayloads.textHeader64(HostilePayloads.BIG_FRAME));
                link.raw(HostilePayloads.bigFrame());
            }
            case BAD_UTF8 -> {
                for (byte[] f : HostilePayloads.badUtf8Frames()) {
                    link.text(f);
                }
                link.binary(new byte[] {(byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xFF}); // a BINARY frame out of place
                link.text(HostilePayloads.END_OF_OUTPUT);
                repl = Repl.IDLE;
            }
            case ANSI -> {
                for (byte[] f : HostilePayloads.ansiFrames()) {
                    link.text(f);
                }
                link.text(HostilePayloads.END_OF_OUTPUT);
                repl = Repl.IDLE;
            }
            case FLOOD, FLOOD_NO_END -> {
                floodFromRepl = false;
                startFlood(m);
            }
            default -> throw new IllegalStateException(m.name());
        }
    }

    private void startFlood(HostileMode m) {
        repl = Repl.FLOODING;
        flood = m;
        context = Vertx.currentContext();
        pump();
    }

    /** Writes as fast as the link takes it: a burst, then again when the socket drains or on the next turn. */
    private void pump() {
        if (repl != Repl.FLOODING || closed || !link.open() || !control.has(flood)) {
            return;
        }
        for (int i = 0; i < FLOOD_BURST && !link.writeQueueFull(); i++) {
            link.text(FLOOD_CHUNK);
            control.countFlood(FLOOD_CHUNK.length);
        }
        if (link.writeQueueFull()) {
            link.onDrain(this::pump);
        } else if (context != null) {
            context.runOnContext(v -> pump());
        }
    }

    private HostileMode outputAttack() {
        for (HostileMode m : control.modes()) {
            if (m.isOutputAttack()) {
                return m;
            }
        }
        return null;
    }

    private HostileMode fileAttackMode() {
        for (HostileMode m : control.modes()) {
            if (!m.isOutputAttack()) {
                return m;
            }
        }
        return null;
    }

    /** File-protocol input from the host; true when the hostile layer consumed it. */
    public boolean binary(byte[] payload) {
        if (files == Files.HEADER && headerFill == 0 && fileAttackMode() == null) {
            return false;
        }
        int i = 0;
        while (i < payload.length) {
            switch (files) {
                case HEADER -> {
                    int n = Math.min(header.length - headerFill, payload.length - i);
                    System.arraycopy(payload, i, header, headerFill, n);
                    headerFill += n;
                    i += n;
                    if (headerFill == header.length) {
                        headerFill = 0;
                        request();
                    }
                }
                case GET_PULLS -> {
                    i++;
                    pull();
                }
                case PUT_DATA -> {
                    long n = Math.min(putRemaining, payload.length - i);
                    i += (int) n;
                    putRemaining -= n;
                    if (putRemaining == 0) {
                        files = Files.HEADER;
                    }
                }
                case SWALLOW -> i = payload.length;
                default -> throw new IllegalStateException(files.name());
            }
        }
        return true;
    }

    private void request() {
        FileRequest req;
        try {
            req = FileRequest.decode(header, 0);
        } catch (ProtocolException e) {
            files = Files.SWALLOW;
            return;
        }
        HostileMode m = fileAttackMode();
        if (req.op() == FileOp.GET_VER || m == null) {
            // the liveness probe stays honest (and so does everything once the device turned honest)
            link.honestFileBytes(header.clone());
            return;
        }
        control.countAttack();
        boolean get = req.op() == FileOp.GET;
        fileAttack = m;
        switch (m) {
            case WB_SIGNATURE -> {
                link.binary(new byte[] {'X', 'Y', 0, 0});
                files = Files.SWALLOW;
            }
            case WB_TRUNCATED -> {
                link.binary(new byte[] {'W', 'B'});
                files = Files.SWALLOW;
            }
            case GET_CHUNK_OVERSIZE, GET_ENDLESS -> {
                if (get) {
                    link.binary(FileResponse.encode(0));
                    files = Files.GET_PULLS;
                    firstPull = true;
                } else {
                    refuse(req);
                }
            }
            case PUT_EARLY_ANSWER -> {
                if (get) {
                    refuse(req);
                } else {
                    // "opened" and "stored" at once, before a single data byte arrived
                    byte[] two = new byte[2 * FileResponse.LENGTH];
                    System.arraycopy(FileResponse.encode(0), 0, two, 0, FileResponse.LENGTH);
                    System.arraycopy(FileResponse.encode(0), 0, two, FileResponse.LENGTH, FileResponse.LENGTH);
                    link.binary(two);
                    putRemaining = req.size();
                    files = putRemaining == 0 ? Files.HEADER : Files.PUT_DATA;
                }
            }
            default -> refuse(req); // WB_STATUS, and the operations the active attack does not target
        }
    }

    /** A WB record with a status code no firmware uses; a PUT's data is then swallowed. */
    private void refuse(FileRequest req) {
        link.binary(new byte[] {'W', 'B', 0x39, 0x05}); // status 1337
        if (req.op() == FileOp.PUT && req.size() > 0) {
            putRemaining = req.size();
            files = Files.PUT_DATA;
        } else {
            files = Files.SWALLOW;
        }
    }

    private void pull() {
        if (fileAttack == HostileMode.GET_CHUNK_OVERSIZE) {
            if (firstPull) {
                firstPull = false;
                byte[] c = new byte[2 + 256];
                c[0] = (byte) 0xFF;
                c[1] = (byte) 0xFF; // 65535 announced ("-1" as int16), 256 sent
                Arrays.fill(c, 2, c.length, (byte) 'C');
                link.binary(c);
            }
            return;
        }
        // GET_ENDLESS: every pull gets a full chunk; the end-of-file chunk never comes
        byte[] c = new byte[2 + 256];
        c[1] = 0x01; // 256
        Arrays.fill(c, 2, c.length, (byte) 'E');
        link.binary(c);
        control.countFlood(256);
    }

    /** The connection ended: stop any flood. */
    public void close() {
        closed = true;
        repl = Repl.DEAD;
    }

    private static int indexOf(byte[] hay, byte b) {
        for (int i = 0; i < hay.length; i++) {
            if (hay[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
