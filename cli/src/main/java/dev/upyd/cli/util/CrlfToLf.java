package dev.upyd.cli.util;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * MicroPython's REPL turns every "\n" a program prints into "\r\n" (a serial-terminal habit); output
 * redirected to a host file should have the host's line ends. A lone "\r" (progress lines redrawn in
 * place) is kept. Stateful: a "\r" at the end of one chunk is held until the next byte is seen.
 */
public final class CrlfToLf extends FilterOutputStream {
    private boolean pendingCr;

    public CrlfToLf(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        byte[] o = new byte[len + 1];
        int n = 0;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (pendingCr) {
                pendingCr = false;
                if (c != '\n') {
                    o[n++] = '\r';
                }
            }
            if (c == '\r') {
                pendingCr = true;
            } else {
                o[n++] = c;
            }
        }
        out.write(o, 0, n);
    }

    @Override
    public void close() throws IOException {
        if (pendingCr) {
            pendingCr = false;
            out.write('\r');
        }
        out.close();
    }
}
