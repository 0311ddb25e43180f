package dev.upyd.protocol.api;

import dev.upyd.protocol.Bytes;
import dev.upyd.protocol.ProtocolException;

import java.util.function.Consumer;

/**
 * Incremental frame decoder for a byte stream (socket reads of any size). The length prefix is checked against
 * {@link MessageCodec#MAX_FRAME} before any buffer is allocated. After a ProtocolException the stream is out of
 * sync: the decoder stays failed and the connection should be closed.
 */
public final class MessageDecoder {
    private final byte[] lenBuf = new byte[4];
    private int lenFill;
    private byte[] body;
    private int bodyFill;
    private ProtocolException failure;

    public void offer(byte[] b, int off, int len, Consumer<Message> out) {
        Bytes.checkRange(b, off, len);
        if (failure != null) {
            throw new ProtocolException("local API stream already failed: " + failure.getMessage(), failure);
        }
        try {
            int end = off + len;
            int i = off;
            while (i < end) {
                if (body == null) {
                    lenBuf[lenFill++] = b[i++];
                    if (lenFill == 4) {
                        lenFill = 0;
                        long n = ((lenBuf[0] & 0xffL) << 24) | ((lenBuf[1] & 0xff) << 16) | ((lenBuf[2] & 0xff) << 8)
                                | (lenBuf[3] & 0xff);
                        if (n + 4 > MessageCodec.MAX_FRAME) {
                            throw new ProtocolException("frame of " + (n + 4) + " bytes exceeds the "
                                    + MessageCodec.MAX_FRAME + "-byte limit");
                        }
                        if (n < 5) {
                            throw new ProtocolException("frame length " + n + " is shorter than type + request id");
                        }
                        body = new byte[(int) n];
                        bodyFill = 0;
                    }
                } else {
                    int n = Math.min(body.length - bodyFill, end - i);
                    System.arraycopy(b, i, body, bodyFill, n);
                    bodyFill += n;
                    i += n;
                    if (bodyFill == body.length) {
                        byte[] complete = body;
                        body = null;
                        out.accept(MessageCodec.decodeBody(complete, 0, complete.length));
                    }
                }
            }
        } catch (ProtocolException e) {
            failure = e;
            throw e;
        }
    }

    /** Bytes of an incomplete frame held right now. */
    public int buffered() {
        return body != null ? 4 + bodyFill : lenFill;
    }
}
