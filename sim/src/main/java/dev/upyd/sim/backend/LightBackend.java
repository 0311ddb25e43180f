package dev.upyd.sim.backend;

import dev.upyd.sim.backend.LightParser.Assign;
import dev.upyd.sim.backend.LightParser.ExprStmt;
import dev.upyd.sim.backend.LightParser.FromImport;
import dev.upyd.sim.backend.LightParser.Import;
import dev.upyd.sim.backend.LightParser.Loop;
import dev.upyd.sim.backend.LightParser.Stmt;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A Java stand-in for the MicroPython REPL, with the protocol surface of {@code shared/runtime/pyexec.c}
 * and {@code readline.c}, for load tests with hundreds of devices in one JVM.
 *
 * <p>REPL surface: friendly prompt {@code >>> } with echo (one output chunk per input chunk, not one per
 * character as on a board), backspace ({@code \b\x1b[K}), continuation {@code ... } for {@code while}/
 * {@code for} blocks (auto-indent 4 after a trailing colon, a blank line ends the block), Ctrl-A raw REPL
 * ({@code OK} out {@code \x04} err {@code \x04>}), raw-paste ({@code \x05A\x01} → {@code R\x01} + window
 * + {@code \x01}, with real flow control: bytes beyond the granted credit are dropped as an overflowing
 * stdin ring buffer would), Ctrl-E paste mode, Ctrl-B banner, Ctrl-C (clears the line, interrupts a
 * running loop/sleep with KeyboardInterrupt), Ctrl-D on an empty line = soft reset. Non-ASCII bytes
 * typed at the friendly prompt are dropped, as MicroPython's readline does.
 *
 * <p>Supported Python subset (anything else: {@code SyntaxError: invalid syntax}, unknown names:
 * {@code NameError: name 'x' isn't defined}): integer/float literals and arithmetic
 * {@code + - * / // % **} with parentheses, str/bytes literals, lists and tuples, {@code True False None},
 * {@code name = expr}, statements separated by {@code ;} or newlines, {@code import m[, n] [as a]} and
 * {@code from m import f} for {@code os uos machine time utime sys gc}, {@code while True:} and
 * {@code for v in range(n):} (body on the same line or indented), {@code pass}; builtins {@code print
 * len sum str repr int abs min max hex range list}; {@code os.listdir([path]) os.uname() os.getcwd()
 * os.stat(p) os.remove(p) os.rename(a, b)}, {@code machine.unique_id() machine.reset() machine.soft_reset()
 * machine.freq()}, {@code time.sleep(s) time.sleep_ms(ms) time.ticks_ms() time.time()},
 * {@code sys.platform sys.exit() sys.stdout.write(s)}, {@code gc.collect() gc.mem_free() gc.mem_alloc()}. Friendly REPL
 * prints non-None expression values (repr) as MicroPython does. A loop without a sleep yields every
 * 10000 statements, so unlike a board even {@code while True: pass} can be interrupted.
 *
 * <p>Not thread-safe: the device calls it, and runs its timers, on one event-loop thread.
 */
public final class LightBackend implements ReplBackend {
    /** Timers on the device's thread. */
    public interface Scheduler {
        Cancel after(long delayMs, Runnable task);

        interface Cancel {
            void cancel();
        }
    }

    static final String BANNER = "MicroPython v1.27.0 on 2025-12-10; ESP32 module with ESP32\r\n"
            + "Type \"help()\" for more information.\r\n";
    private static final String RAW_BANNER = "raw REPL; CTRL-B to exit\r\n";
    private static final int MAX_CODE = 1 << 20;
    private static final int STEP_BUDGET = 10_000;

    private enum Mode { FRIENDLY, PASTE, RAW, RAW_PASTE }

    private final Scheduler scheduler;
    private final LightInterpreter interp;
    private final int window;
    private Listener listener;
    private Mode mode = Mode.FRIENDLY;
    private final StringBuilder line = new StringBuilder();
    private StringBuilder continuation;
    private final ByteArrayOutputStream code = new ByteArrayOutputStream();
    private int pasteNegotiation;
    private long pasteCredit;
    private long pasteReceived;
    private long droppedPasteBytes;
    private long grantsInFlight;
    private int escape;
    private String indentEcho;
    private Run running;
    private final Deque<byte[]> pendingInput = new ArrayDeque<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean closed;

    public LightBackend(Path deviceRoot, byte[] uid, int rawPasteWindow, Scheduler scheduler) {
        this(deviceRoot, uid, rawPasteWindow, false, scheduler);
    }

    /** @param fatRename {@code os.rename} refuses an existing target (EEXIST), as on a FAT flash */
    public LightBackend(Path deviceRoot, byte[] uid, int rawPasteWindow, boolean fatRename, Scheduler scheduler) {
        this.interp = new LightInterpreter(deviceRoot, uid, fatRename);
        this.window = rawPasteWindow;
        this.scheduler = scheduler;
    }

    @Override
    public void start(Listener l) {
        this.listener = l;
        l.ready();
    }

    @Override
    public byte[] version() {
        return new byte[] {1, 27, 0};
    }

    /** Raw-paste bytes the client sent beyond its flow-control credit (lost, as on a board). */
    public long droppedPasteBytes() {
        return droppedPasteBytes;
    }

    @Override
    public void write(byte[] bytes) {
        if (closed) {
            return;
        }
        if (running != null) {
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 3) {
                    // Ctrl-C is taken out of the input stream (mp_interrupt_char), the rest waits its turn
                    byte[] before = java.util.Arrays.copyOfRange(bytes, 0, i);
                    byte[] after = java.util.Arrays.copyOfRange(bytes, i + 1, bytes.length);
                    if (before.length > 0) {
                        pendingInput.add(before);
                    }
                    running.interrupt();
                    if (after.length > 0) {
                        write(after);
                    }
                    return;
                }
            }
            pendingInput.add(bytes);
            return;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (running != null) {
                // the code just started is still running (a sleep): the rest waits, Ctrl-C included
                flush();
                write(java.util.Arrays.copyOfRange(bytes, i, bytes.length));
                return;
            }
            if (!feed(bytes[i] & 0xff)) {
                break;
            }
        }
        flush();
    }

    /** Handles one typed byte; false when the rest of the input must be dropped (a reset). */
    private boolean feed(int c) {
        return switch (mode) {
            case FRIENDLY -> friendly(c);
            case PASTE -> paste(c);
            case RAW -> raw(c);
            case RAW_PASTE -> rawPaste(c);
        };
    }

    private boolean friendly(int c) {
        if (indentEcho != null) {
            // a board echoes the auto-indent only when the next key arrives (captured in transcript 01)
            emit(indentEcho);
            indentEcho = null;
        }
        if (escape > 0) {
            // VT100 sequences (arrow keys): ESC [ X; history and cursor movement are not simulated
            escape = escape == 1 && c == '[' ? 2 : 0;
            return true;
        }
        boolean empty = line.length() == 0 && continuation == null;
        switch (c) {
            case 0x01:
                if (empty) {
                    mode = Mode.RAW;
                    code.reset();
                    emit("\r\n" + RAW_BANNER + ">");
                }
                return true;
            case 0x02:
                if (empty) {
                    emit("\r\n" + BANNER + ">>> ");
                }
                return true;
            case 0x03:
                line.setLength(0);
                continuation = null;
                emit("\r\n>>> ");
                return true;
            case 0x04:
                if (empty) {
                    emit("\r\n");
                    softReset();
                    return false;
                }
                return true;
            case 0x05:
                if (empty) {
                    mode = Mode.PASTE;
                    code.reset();
                    emit("\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ");
                }
                return true;
            case 0x08, 0x7f:
                if (line.length() > 0) {
                    // readline.c with auto-indent: a line of only spaces loses a whole indent level (4)
                    int n = line.length() >= 4 && line.toString().isBlank() ? 4 : 1;
                    line.setLength(line.length() - n);
                    emit("\b".repeat(n) + "\u001b[K");
                }
                return true;
            case 0x1b:
                escape = 1;
                return true;
            case '\r':
                emit("\r\n");
                enter();
                return true;
            default:
                if (c >= 0x20 && c < 0x7f) {
                    line.append((char) c);
                    emit(String.valueOf((char) c));
                }
                // other control bytes, '\n' and non-ASCII are ignored by readline
                return true;
        }
    }

    private void enter() {
        String l = line.toString();
        line.setLength(0);
        if (continuation != null) {
            if (!l.isEmpty()) {
                continuation.append('\n').append(l);
                prompt(l);
                return;
            }
            String block = continuation.toString();
            continuation = null;
            execute(block, true);
            return;
        }
        if (l.isBlank()) {
            emit(">>> ");
            return;
        }
        String head = LightParser.firstWord(l);
        if (LightParser.COMPOUND.contains(head) || l.stripTrailing().endsWith(":")) {
            continuation = new StringBuilder(l);
            prompt(l);
            return;
        }
        execute(l, true);
    }

    /** The continuation prompt, auto-indented as readline does after a trailing colon. */
    private void prompt(String previous) {
        int indent = 0;
        while (indent < previous.length() && previous.charAt(indent) == ' ') {
            indent++;
        }
        if (LightParser.stripComment(previous).stripTrailing().endsWith(":")) {
            indent += 4;
        }
        emit("... ");
        line.append(" ".repeat(indent));
        indentEcho = indent > 0 ? " ".repeat(indent) : null;
    }

    private boolean paste(int c) {
        switch (c) {
            case 0x03:
                mode = Mode.FRIENDLY;
                emit("\r\n>>> ");
                return true;
            case 0x04:
                mode = Mode.FRIENDLY;
                emit("\r\n");
                execute(code.toString(StandardCharsets.UTF_8), false);
                return true;
            case '\r':
                code.write('\n');
                emit("\r\n=== ");
                return true;
            case '\n':
                return true;
            default:
                if (code.size() < MAX_CODE) {
                    code.write(c);
                }
                out.write(c);
                return true;
        }
    }

    private boolean raw(int c) {
        if (pasteNegotiation > 0) {
            if ((pasteNegotiation == 1 && c == 'A') || (pasteNegotiation == 2 && c == 1)) {
                if (++pasteNegotiation == 3) {
                    pasteNegotiation = 0;
                    mode = Mode.RAW_PASTE;
                    code.reset();
                    pasteReceived = 0;
                    // the window plus the initial \x01: two windows of credit, as pyexec grants
                    pasteCredit = 2L * window;
                    emit("R\u0001");
                    out.write(window & 0xff);
                    out.write(window >> 8);
                    emit("\u0001");
                }
                return true;
            }
            // not a raw-paste request after all: the held bytes are ordinary code
            code.write(5);
            if (pasteNegotiation == 2) {
                code.write('A');
            }
            pasteNegotiation = 0;
        }
        switch (c) {
            case 0x01:
                code.reset();
                emit(RAW_BANNER + ">");
                return true;
            case 0x02:
                mode = Mode.FRIENDLY;
                code.reset();
                emit("\r\n" + BANNER + ">>> ");
                return true;
            case 0x03:
                code.reset();
                return true;
            case 0x04:
                emit("OK");
                if (code.size() == 0) {
                    emit("\r\n");
                    softReset();
                    return false;
                }
                String src = code.toString(StandardCharsets.UTF_8);
                code.reset();
                execute(src, false);
                return true;
            case 0x05:
                if (code.size() == 0) {
                    pasteNegotiation = 1;
                    return true;
                }
                code.write(c);
                return true;
            default:
                if (code.size() < MAX_CODE) {
                    code.write(c);
                }
                return true;
        }
    }

    private boolean rawPaste(int c) {
        if (c == 4) {
            emit("\u0004");
            String src = code.toString(StandardCharsets.UTF_8);
            code.reset();
            execute(src, false);
            return true;
        }
        if (c == 3) {
            // as pyexec's stdin reader: Ctrl-C ends the input (\x04 to the host) and raises KeyboardInterrupt
            // while compiling, which is reported in the usual raw framing; the host sends nothing more
            emit("\u0004");
            emit("\u0004");
            emit(keyboardInterrupt(1).traceback());
            emit("\u0004>");
            code.reset();
            mode = Mode.RAW;
            return true;
        }
        if (pasteReceived >= pasteCredit) {
            droppedPasteBytes++;
            return true;
        }
        pasteReceived++;
        if (code.size() < MAX_CODE) {
            code.write(c);
        }
        if (pasteReceived % window == 0) {
            // the host may use this window only once it has seen the \x01, i.e. from its next frame on
            grantsInFlight += window;
            emit("\u0001");
        }
        return true;
    }

    /** Compiles and starts {@code src}; friendly = single-input mode (expression values are printed). */
    private void execute(String src, boolean friendlySingle) {
        boolean rawFraming = mode == Mode.RAW || mode == Mode.RAW_PASTE;
        if (mode == Mode.RAW_PASTE) {
            mode = Mode.RAW;
        }
        List<Stmt> program;
        try {
            program = LightParser.parse(src);
        } catch (PyError e) {
            finish(rawFraming, e);
            return;
        }
        running = new Run(program, friendlySingle, rawFraming);
        running.step();
    }

    private void finish(boolean rawFraming, PyError error) {
        running = null;
        if (rawFraming) {
            emit("\u0004");
            if (error != null) {
                emit(error.traceback());
            }
            emit("\u0004>");
        } else {
            if (error != null) {
                emit(error.traceback());
            }
            emit(">>> ");
        }
        flush();
        while (running == null && !pendingInput.isEmpty() && !closed) {
            write(pendingInput.poll());
        }
    }

    private static PyError keyboardInterrupt(int line) {
        PyError e = new PyError("KeyboardInterrupt", "");
        e.line = line;
        return e;
    }

    private void softReset() {
        resetState();
        flush();
        listener.softReset();
    }

    private void resetState() {
        if (running != null) {
            running.cancel();
            running = null;
        }
        mode = Mode.FRIENDLY;
        line.setLength(0);
        continuation = null;
        indentEcho = null;
        code.reset();
        pasteNegotiation = 0;
        pendingInput.clear();
        interp.reset();
    }

    @Override
    public void hardReset() {
        resetState();
        out.reset();
        listener.hardReset("restart");
        listener.ready();
    }

    @Override
    public void close() {
        closed = true;
        if (running != null) {
            running.cancel();
        }
    }

    private void emit(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
    }

    private void flush() {
        pasteCredit += grantsInFlight;
        grantsInFlight = 0;
        if (out.size() > 0 && listener != null) {
            byte[] b = out.toByteArray();
            out.reset();
            listener.output(b);
        }
    }

    /** One execution, stepped so that sleeps and Ctrl-C work without blocking the event loop. */
    private final class Run implements LightInterpreter.Effects {
        private final boolean autoPrint;
        private final boolean rawFraming;
        private final Deque<Frame> stack = new ArrayDeque<>();
        private Scheduler.Cancel timer;
        private long sleepMs;
        private int resetKind;
        private int line = 1;
        private boolean over;

        Run(List<Stmt> program, boolean autoPrint, boolean rawFraming) {
            this.autoPrint = autoPrint;
            this.rawFraming = rawFraming;
            stack.push(new Frame(program, null, 0, -1));
        }

        void step() {
            timer = null;
            if (over) {
                return;
            }
            try {
                for (int budget = STEP_BUDGET; !stack.isEmpty(); ) {
                    Frame f = stack.peek();
                    if (f.idx >= f.body.size()) {
                        if (f.loop != null && (f.count < 0 || ++f.iter < f.count)) {
                            f.idx = 0;
                            if (f.loop.var() != null) {
                                interp.assign(f.loop.var(), BigInteger.valueOf(f.iter));
                            }
                        } else {
                            stack.pop();
                        }
                        continue;
                    }
                    Stmt s = f.body.get(f.idx++);
                    line = s.line();
                    exec(s);
                    if (resetKind != 0) {
                        over = true;
                        running = null;
                        if (resetKind == 1) {
                            LightBackend.this.softReset();
                        } else {
                            resetState();
                            flush();
                            listener.hardReset("machine.reset()");
                            listener.ready();
                        }
                        return;
                    }
                    if (sleepMs > 0 || --budget == 0) {
                        long d = sleepMs;
                        sleepMs = 0;
                        flush();
                        timer = scheduler.after(d, this::step);
                        return;
                    }
                }
            } catch (PyError e) {
                end(e);
                return;
            }
            end(null);
        }

        private void exec(Stmt s) throws PyError {
            if (s instanceof ExprStmt e) {
                Object v = interp.eval(e.expr(), s.line(), this);
                if (autoPrint && stack.size() == 1 && v != PyObjects.NONE) {
                    emit(PyObjects.repr(v) + "\r\n");
                }
            } else if (s instanceof Assign a) {
                interp.assign(a.name(), interp.eval(a.value(), s.line(), this));
            } else if (s instanceof Import im) {
                for (String[] n : im.names()) {
                    interp.importModule(n[0], n[1], s.line());
                }
            } else if (s instanceof FromImport fi) {
                interp.fromImport(fi.module(), fi.names(), s.line());
            } else if (s instanceof Loop l) {
                long count = -1;
                if (l.count() != null) {
                    count = LightInterpreter.integer(interp.eval(l.count(), s.line(), this), s.line()).longValue();
                    if (count <= 0) {
                        return;
                    }
                    interp.assign(l.var(), BigInteger.ZERO);
                }
                stack.push(new Frame(l.body(), l, 0, count));
            }
        }

        void interrupt() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            end(keyboardInterrupt(line));
            flush();
        }

        void cancel() {
            over = true;
            if (timer != null) {
                timer.cancel();
            }
        }

        private void end(PyError e) {
            if (over) {
                return;
            }
            over = true;
            finish(rawFraming, e);
        }

        @Override
        public void print(String text) {
            emit(text);
        }

        @Override
        public void sleepMs(long ms) {
            sleepMs = Math.max(ms, 1);
        }

        @Override
        public void hardReset() {
            resetKind = 2;
        }

        @Override
        public void softReset() {
            resetKind = 1;
        }
    }

    private static final class Frame {
        final List<Stmt> body;
        final Loop loop;
        int idx;
        long iter;
        final long count;

        Frame(List<Stmt> body, Loop loop, int idx, long count) {
            this.body = body;
            this.loop = loop;
            this.idx = idx;
            this.count = count;
        }
    }
}
