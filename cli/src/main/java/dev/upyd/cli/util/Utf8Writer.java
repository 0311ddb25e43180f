package dev.upyd.cli.util;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Device output arrives as byte chunks cut anywhere, also inside a multi-byte UTF-8 character; this
 * decodes them as a stream (keeping an incomplete tail for the next chunk) onto a Writer.
 */
public final class Utf8Writer extends OutputStream {
    private final Writer out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);

    public Utf8Writer(Writer out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(pending.remaining() + len);
        in.put(pending).put(b, off, len).flip();
        CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, chars, false);
        chars.flip();
        out.append(chars);
        pending = in.slice();
        out.flush();
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    /** Ends the stream: an incomplete trailing character becomes U+FFFD. */
    @Override
    public synchronized void close() throws IOException {
        CharBuffer chars = CharBuffer.allocate(pending.remaining() + 2);
        decoder.decode(pending, chars, true);
        decoder.flush(chars);
        chars.flip();
        out.append(chars);
        pending = ByteBuffer.allocate(0);
        decoder.reset();
        out.flush();
    }
}
