package dev.upyd.cli.util;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Group fan-out output: each device's text is cut into whole lines, every line is printed with the
 * device's prefix under one shared lock, so lines of devices running in parallel never interleave
 * inside a line.
 */
public final class LinePrefixWriter extends Writer {
    private final PrintWriter target;
    private final String prefix;
    private final Object lock;
    private final StringBuilder line = new StringBuilder();

    public LinePrefixWriter(PrintWriter target, String prefix, Object lock) {
        this.target = target;
        this.prefix = prefix;
        this.lock = lock;
    }

    @Override
    public synchronized void write(char[] cbuf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            char c = cbuf[i];
            if (c == '\n') {
                emit();
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    private void emit() {
        synchronized (lock) {
            target.print(prefix);
            target.println(line);
            target.flush();
        }
        line.setLength(0);
    }

    @Override
    public synchronized void flush() {
        // partial lines wait for their newline (or close) so that prefixes stay at line starts
    }

    @Override
    public synchronized void close() {
        if (line.length() > 0) {
            emit();
        }
    }
}
