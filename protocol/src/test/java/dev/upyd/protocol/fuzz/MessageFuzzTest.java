package dev.upyd.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.upyd.protocol.fuzz.Contract.Outcome;
import dev.upyd.protocol.api.Message;
import dev.upyd.protocol.api.MessageCodec;
import dev.upyd.protocol.api.MessageDecoder;
import dev.upyd.protocol.api.Unlock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.upyd.protocol.fuzz.Contract.check;
import static dev.upyd.protocol.fuzz.Contract.same;

/** The local API (bytes from any local client): stream decoding, and encode(decode(x)) == x per frame. */
class MessageFuzzTest {

    private record Stream(List<Message> messages, int buffered) {
    }

    @FuzzTest
    void messages(byte[] data) {
        FuzzInput in = FuzzInput.of(data);
        byte[] payload = in.payload();
        Outcome<Stream> whole = Contract.decode(() -> decode(List.of(payload)));
        Outcome<Stream> split = Contract.decode(() -> decode(in.reads()));
        same(whole.ok(), split.ok(), "accepting the message stream");
        same(whole.value(), split.value(), "the decoded messages");
        if (!whole.ok()) {
            return;
        }
        // Frames are canonical: printing the messages again gives exactly the bytes that were consumed.
        List<byte[]> frames = new ArrayList<>();
        for (Message m : whole.value().messages()) {
            frames.add(MessageCodec.encode(m));
            if (m instanceof Unlock u) {
                // exactly the masked form: a passphrase like " passphrase" is a substring of the fixed text,
                // so "does not contain the passphrase" would be a false alarm (found by this fuzzer)
                check(u.toString().equals("Unlock[requestId=" + u.requestId() + ", passphrase=***]"),
                        "Unlock.toString shows more than the masked form: " + u.requestId());
            }
        }
        byte[] reencoded = FuzzInput.concat(frames);
        int consumed = payload.length - whole.value().buffered();
        check(Arrays.equals(reencoded, Arrays.copyOf(payload, consumed)), "encode(decode(x)) != x");
        // The single-frame API agrees with the stream decoder.
        if (whole.value().messages().size() == 1 && whole.value().buffered() == 0) {
            same(whole.value().messages().get(0), MessageCodec.decode(payload), "MessageCodec.decode");
        } else {
            check(!Contract.decode(() -> MessageCodec.decode(payload)).ok(), "MessageCodec.decode accepted "
                    + whole.value().messages().size() + " frames");
        }
    }

    private static Stream decode(List<byte[]> reads) {
        MessageDecoder d = new MessageDecoder();
        List<Message> out = new ArrayList<>();
        for (byte[] read : reads) {
            d.offer(read, 0, read.length, out::add);
        }
        return new Stream(out, d.buffered());
    }
}
