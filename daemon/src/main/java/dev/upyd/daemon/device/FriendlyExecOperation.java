package dev.upyd.daemon.device;

import dev.upyd.daemon.DaemonSettings;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.repl.FriendlyOutput;
import dev.upyd.protocol.repl.FriendlyPrompt;
import dev.upyd.protocol.repl.RawReplEntry;
import dev.upyd.protocol.repl.ReplBytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One line through the friendly REPL, as upydev's {@code wr_cmd} does it: the value of an expression
 * is printed ({@code 6*7} gives {@code 42}), which the raw REPL does not do. Leaves the raw REPL,
 * types the line, reads up to the next {@code >>> }, splits echo / output / traceback, then goes back
 * to the raw REPL. One line only: a compound statement would leave the REPL at {@code ... }.
 */
public final class FriendlyExecOperation extends Operation {
    /** A single command's output is small in practice; the whole reply is needed to strip the echo. */
    private static final int MAX_OUTPUT = 1 << 20;

    private enum Phase { LEAVING_RAW, RUNNING, ENTERING_RAW }

    private final String line;
    private final boolean echo;
    private final OutputSink sink;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private Phase phase;
    private RawReplEntry entering;
    private int exitCode;
    private String message = "";
    private long graceTimer = -1;
    private boolean cancelled;

    public FriendlyExecOperation(String line, boolean echo, OutputSink sink) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("friendly mode runs a single line (join statements with ';'),"
                    + " or send the code without the friendly flag (raw-paste)");
        }
        this.line = line;
        this.echo = echo;
        this.sink = sink;
    }

    @Override
    public String kind() {
        return "exec (friendly)";
    }

    @Override
    protected void start() {
        phase = Phase.LEAVING_RAW;
        io().sendText(ReplBytes.EXIT_RAW.clone());
    }

    @Override
    protected void text(byte[] b) {
        switch (phase) {
            case LEAVING_RAW -> {
                append(b);
                if (FriendlyPrompt.endsWithPrompt(buf.toByteArray(), buf.size())) {
                    buf.reset();
                    phase = Phase.RUNNING;
                    io().sendText((line + "\r").getBytes(StandardCharsets.UTF_8));
                }
            }
            case RUNNING -> {
                append(b);
                byte[] all = buf.toByteArray();
                if (FriendlyPrompt.endsWithContinuation(all, all.length)) {
                    // an incomplete statement: abandon it rather than hang at "... "
                    io().sendText(new byte[] {ReplBytes.CTRL_C});
                    exitCode = ResultCodes.USAGE;
                    message = "incomplete statement (the REPL asked for more with '... ')";
                    buf.reset();
                    phase = Phase.ENTERING_RAW;
                    enterRaw();
                } else if (FriendlyPrompt.endsWithPrompt(all, all.length)) {
                    FriendlyOutput.Parts p = FriendlyOutput.split(all, line);
                    String out = (echo && !p.echo().isEmpty() ? p.echo() + "\n" : "") + p.stdout();
                    if (!out.isEmpty()) {
                        sink.stdout(out.getBytes(StandardCharsets.UTF_8));
                    }
                    if (p.failed()) {
                        sink.stderr(p.traceback().getBytes(StandardCharsets.UTF_8));
                        exitCode = cancelled ? ResultCodes.INTERRUPTED : ResultCodes.DEVICE_EXCEPTION;
                        message = p.exceptionLine();
                    }
                    buf.reset();
                    enterRaw();
                }
            }
            case ENTERING_RAW -> {
                try {
                    if (entering != null && entering.offer(b)) {
                        cancelGrace();
                        sink.result(exitCode, message);
                        finish(true);
                    }
                } catch (ProtocolException e) {
                    cancelGrace();
                    sink.result(exitCode, message);
                    finish(false);
                }
            }
            default -> { }
        }
    }

    private void enterRaw() {
        phase = Phase.ENTERING_RAW;
        entering = new RawReplEntry();
        io().sendText(ReplBytes.ENTER_RAW.clone());
    }

    private void append(byte[] b) {
        if (buf.size() + b.length > MAX_OUTPUT) {
            throw new ProtocolException("more than " + MAX_OUTPUT + " bytes of friendly-REPL output for one line");
        }
        buf.writeBytes(b);
    }

    @Override
    protected void cancel() {
        if (isFinished() || cancelled) {
            return;
        }
        cancelled = true;
        io().sendText(new byte[] {ReplBytes.CTRL_C});
        long grace = io().settings().getLong(DaemonSettings.CANCEL_GRACE);
        graceTimer = io().setTimer(grace, () -> {
            if (!isFinished()) {
                sink.result(ResultCodes.INTERRUPTED, "cancelled; the device did not stop within " + grace
                        + " ms, session reset");
                finish(false);
            }
        });
    }

    private void cancelGrace() {
        if (graceTimer >= 0) {
            io().cancelTimer(graceTimer);
            graceTimer = -1;
        }
    }

    @Override
    protected void failed(LinkException e) {
        if (io() != null) {
            cancelGrace();
        }
        sink.result(ResultCodes.of(e), e.getMessage());
    }
}
