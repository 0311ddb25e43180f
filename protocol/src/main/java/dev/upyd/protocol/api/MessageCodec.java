package dev.upyd.protocol.api;

import dev.upyd.protocol.ProtocolException;

import java.util.ArrayList;
import java.util.List;

/**
 * Wire format of the local API. A frame is
 * {@code u32 length-of-the-rest | u8 message type | u32 request id | payload}, big-endian; strings are u32 length
 * + UTF-8, byte arrays u32 length + bytes, lists u32 count + elements. A frame is at most {@link #MAX_FRAME}
 * bytes including the length prefix.
 *
 * <p>Adding a message = a record implementing {@link Message} + a new type number in {@code NAMES}, {@code typeOf},
 * {@code writeBody} and {@code readBody} (never reuse or renumber one: old clients would misread it);
 * {@code MessageCodecTest} round-trips every permitted record, so a forgotten line fails there.
 */
public final class MessageCodec {
    public static final int PROTOCOL_VERSION = Message.PROTOCOL_VERSION;
    public static final int MAX_FRAME = Message.MAX_FRAME;
    /** Length prefix + type + request id. */
    public static final int HEADER = 4 + 1 + 4;
    /** A safe chunk size for {@link Data}/{@link Output}/{@link Input} that always fits a frame. */
    public static final int MAX_CHUNK = 64 * 1024;

    /*
     * The codec is written out as plain instanceof chains and a switch, not as a registry of lambdas: the
     * CLI decodes a handful of frames per process, and linking 44 lambda call sites at class initialisation
     * cost it about 10 ms of start-up (measured with -Xlog:class+load; the CLI's start-up target is 1.5x a
     * bare JVM). Type numbers are fixed: never reuse or renumber one, old clients would misread it.
     */
    private static final String[] NAMES = {null, "Hello", "HelloOk", "ListDevices", "DeviceList", "Exec", "Output",
            "Progress", "Result", "PutFile", "Data", "GetFile", "FileHeader", "Attach", "Input", "Detach", "Cancel",
            "Unlock", "Lock", "ReloadConfig", "Shutdown", "ErrorReply", "Resolve", "Ping"};

    private MessageCodec() {
    }

    /** The wire type number of a message. */
    public static int typeOf(Message m) {
        if (m instanceof Hello) return 1;
        if (m instanceof HelloOk) return 2;
        if (m instanceof ListDevices) return 3;
        if (m instanceof DeviceList) return 4;
        if (m instanceof Exec) return 5;
        if (m instanceof Output) return 6;
        if (m instanceof Progress) return 7;
        if (m instanceof Result) return 8;
        if (m instanceof PutFile) return 9;
        if (m instanceof Data) return 10;
        if (m instanceof GetFile) return 11;
        if (m instanceof FileHeader) return 12;
        if (m instanceof Attach) return 13;
        if (m instanceof Input) return 14;
        if (m instanceof Detach) return 15;
        if (m instanceof Cancel) return 16;
        if (m instanceof Unlock) return 17;
        if (m instanceof Lock) return 18;
        if (m instanceof ReloadConfig) return 19;
        if (m instanceof Shutdown) return 20;
        if (m instanceof ErrorReply) return 21;
        if (m instanceof Resolve) return 22;
        if (m instanceof Ping) return 23;
        throw new IllegalStateException("unregistered message class " + m.getClass().getName());
    }

    private static void writeBody(Message msg, WireOut o) {
        if (msg instanceof Hello m) {
            o.i32(m.protocolVersion());
            o.str(m.client(), "client");
        } else if (msg instanceof HelloOk m) {
            o.i32(m.protocolVersion());
            o.str(m.daemonVersion(), "daemonVersion");
        } else if (msg instanceof DeviceList m) {
            o.i32(m.devices().size());
            for (DeviceInfo d : m.devices()) {
                writeDevice(d, o);
            }
        } else if (msg instanceof Exec m) {
            o.str(m.device(), "device");
            o.bytes(m.code());
            o.i32(m.flags());
        } else if (msg instanceof Output m) {
            o.u8(m.stream());
            o.bytes(m.data());
        } else if (msg instanceof Progress m) {
            o.i64(m.done());
            o.i64(m.total());
        } else if (msg instanceof Result m) {
            o.i32(m.exitCode());
            o.str(m.message(), "message");
        } else if (msg instanceof PutFile m) {
            o.str(m.device(), "device");
            o.str(m.remotePath(), "remotePath");
            o.i64(m.size());
            o.bytes(m.sha256());
        } else if (msg instanceof Data m) {
            o.bytes(m.chunk());
        } else if (msg instanceof GetFile m) {
            o.str(m.device(), "device");
            o.str(m.remotePath(), "remotePath");
        } else if (msg instanceof FileHeader m) {
            o.i64(m.size());
        } else if (msg instanceof Attach m) {
            o.str(m.device(), "device");
        } else if (msg instanceof Input m) {
            o.bytes(m.data());
        } else if (msg instanceof Cancel m) {
            o.i32(m.targetRequestId());
        } else if (msg instanceof Unlock m) {
            o.secret(m.passphrase());
        } else if (msg instanceof ErrorReply m) {
            o.i32(m.code());
            o.str(m.message(), "message");
        } else if (msg instanceof Resolve m) {
            o.str(m.host(), "host");
        } else if (msg instanceof Ping m) {
            o.str(m.device(), "device");
        }
        // ListDevices, Detach, Lock, ReloadConfig, Shutdown: no payload
    }

    private static Message readBody(int code, int id, WireIn in) {
        switch (code) {
            case 1: return new Hello(id, in.i32("protocolVersion"), in.str("client"));
            case 2: return new HelloOk(id, in.i32("protocolVersion"), in.str("daemonVersion"));
            case 3: return new ListDevices(id);
            case 4: {
                // the smallest DeviceInfo: 7 empty strings (4 bytes each) + 2 longs
                int n = in.count("devices", 7 * 4 + 2 * 8);
                List<DeviceInfo> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readDevice(in));
                }
                return new DeviceList(id, list);
            }
            case 5: return new Exec(id, in.str("device"), in.bytes("code"), in.i32("flags"));
            case 6: return new Output(id, in.u8("stream"), in.bytes("data"));
            case 7: return new Progress(id, in.i64("done"), in.i64("total"));
            case 8: return new Result(id, in.i32("exitCode"), in.str("message"));
            case 9: return new PutFile(id, in.str("device"), in.str("remotePath"), in.i64("size"), in.bytes("sha256"));
            case 10: return new Data(id, in.bytes("chunk"));
            case 11: return new GetFile(id, in.str("device"), in.str("remotePath"));
            case 12: return new FileHeader(id, in.i64("size"));
            case 13: return new Attach(id, in.str("device"));
            case 14: return new Input(id, in.bytes("data"));
            case 15: return new Detach(id);
            case 16: return new Cancel(id, in.i32("targetRequestId"));
            case 17: return new Unlock(id, in.secret("passphrase"));
            case 18: return new Lock(id);
            case 19: return new ReloadConfig(id);
            case 20: return new Shutdown(id);
            case 21: return new ErrorReply(id, in.i32("code"), in.str("message"));
            case 22: return new Resolve(id, in.str("host"));
            case 23: return new Ping(id, in.str("device"));
            default: throw new ProtocolException("unknown message type " + code);
        }
    }

    private static void writeDevice(DeviceInfo d, WireOut o) {
        o.str(d.name(), "name");
        o.str(d.address(), "address");
        o.str(d.state(), "state");
        o.str(d.tlsProtocol(), "tlsProtocol");
        o.str(d.cipherSuite(), "cipherSuite");
        o.i64(d.onlineSinceMillis());
        o.str(d.lastError(), "lastError");
        o.i64(d.nextRetryAtMillis());
        o.str(d.firmware(), "firmware");
    }

    private static DeviceInfo readDevice(WireIn in) {
        return new DeviceInfo(in.str("name"), in.str("address"), in.str("state"), in.str("tlsProtocol"),
                in.str("cipherSuite"), in.i64("onlineSinceMillis"), in.str("lastError"), in.i64("nextRetryAtMillis"),
                in.str("firmware"));
    }

    /** The complete frame, length prefix included; ProtocolException if it would exceed {@link #MAX_FRAME}. */
    public static byte[] encode(Message m) {
        int code = typeOf(m);
        WireOut out = new WireOut();
        out.i32(0); // length placeholder
        out.u8(code);
        out.i32(m.requestId());
        writeBody(m, out);
        int size = out.size();
        if (size > MAX_FRAME) {
            throw new ProtocolException("frame of " + size + " bytes exceeds the " + MAX_FRAME + "-byte limit");
        }
        out.putInt(0, size - 4);
        return java.util.Arrays.copyOf(out.array(), size);
    }

    /** Decodes one frame body (type, id, payload: everything after the length prefix). */
    static Message decodeBody(byte[] b, int off, int len) {
        if (len < 5) {
            throw new ProtocolException("frame body of " + len + " bytes is shorter than type + request id");
        }
        int code = b[off] & 0xff;
        if (code >= NAMES.length || NAMES[code] == null) {
            throw new ProtocolException("unknown message type " + code);
        }
        WireIn in = new WireIn(b, off + 1, len - 1, NAMES[code]);
        int id = in.i32("requestId");
        Message m;
        try {
            m = readBody(code, id, in);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProtocolException(NAMES[code] + ": invalid value: " + e.getMessage(), e);
        }
        in.finish();
        return m;
    }

    /** Decodes exactly one complete frame (length prefix included). */
    public static Message decode(byte[] frame) {
        List<Message> out = new ArrayList<>(1);
        MessageDecoder d = new MessageDecoder();
        d.offer(frame, 0, frame.length, out::add);
        if (out.size() != 1 || d.buffered() != 0) {
            throw new ProtocolException("expected exactly one complete frame of " + frame.length + " bytes");
        }
        return out.get(0);
    }
}
