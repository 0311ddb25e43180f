package dev.upyd.sim.backend;

/**
 * The interpreter behind a simulated device: what the board's UART/dupterm sees. Bytes typed by the
 * WebREPL client go in through {@link #write(byte[])}; everything the interpreter prints, and its
 * life-cycle events, come out through the {@link Listener}. One backend lives as long as its device,
 * across client connections and soft resets.
 */
public interface ReplBackend extends AutoCloseable {

    /** Receives output and events; may be called from any thread. */
    interface Listener {
        /** Bytes the interpreter wrote to its console, in the chunks it wrote them. */
        void output(byte[] bytes);

        /** The interpreter is at its prompt after a (re)start. */
        void ready();

        /** Ctrl-D at an empty prompt or sys.exit(): the board soft-reboots and drops WebREPL. */
        void softReset();

        /** machine.reset() or a VM that had to be killed: the board reboots. */
        void hardReset(String reason);

        /** Diagnostics for the operator (never sent to the client). */
        default void info(String message) {
        }

        /** The backend failed; the device cannot continue with it. */
        default void error(String message) {
        }
    }

    /** Starts the interpreter; {@link Listener#ready()} follows once it is at its prompt. */
    void start(Listener listener) throws Exception;

    /** Bytes typed by the client (TEXT frames): REPL input, control characters included. */
    void write(byte[] bytes);

    /** [major, minor, micro] for GET_VER. */
    byte[] version();

    /** Reboots the interpreter as machine.reset() would (the device's restart()). */
    void hardReset();

    /** Stops the interpreter for good (kills a child process). Never throws. */
    @Override
    void close();
}
