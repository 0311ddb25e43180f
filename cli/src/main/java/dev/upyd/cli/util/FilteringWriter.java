package dev.upyd.cli.util;

import java.io.Writer;

/** Passes text through an {@link AnsiFilter} (shell mode: device output must not drive the terminal). */
public final class FilteringWriter extends Writer {
    private final Writer out;
    private final AnsiFilter filter = new AnsiFilter();

    public FilteringWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws java.io.IOException {
        out.write(filter.filter(new String(cbuf, off, len)));
    }

    @Override
    public void flush() throws java.io.IOException {
        out.flush();
    }

    @Override
    public void close() throws java.io.IOException {
        out.flush();
    }
}
