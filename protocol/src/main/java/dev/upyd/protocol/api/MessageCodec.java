package dev.upyd.protocol.api;

import dev.upyd.protocol.ProtocolException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wire format of the local API. A frame is
 * {@code u32 length-of-the-rest | u8 message type | u32 request id | payload}, big-endian; strings are u32 length
 * + UTF-8, byte arrays u32 length + bytes, lists u32 count + elements. A frame is at most {@link #MAX_FRAME}
 * bytes including the length prefix.
 *
 * <p>Adding a message = a record implementing {@link Message} + one {@code register} line below with a new type
 * number (never reuse or renumber one: old clients would misread it).
 */
public final class MessageCodec {
    public static final int PROTOCOL_VERSION = Message.PROTOCOL_VERSION;
    public static final int MAX_FRAME = Message.MAX_FRAME;
    /** Length prefix + type + request id. */
    public static final int HEADER = 4 + 1 + 4;
    /** A safe chunk size for {@link Data}/{@link Output}/{@link Input} that always fits a frame. */
    public static final int MAX_CHUNK = 64 * 1024;

    interface Writer<T extends Message> {
        void write(T m, WireOut out);
    }

    interface Reader<T extends Message> {
        T read(int requestId, WireIn in);
    }

    private record Type<T extends Message>(int code, Class<T> cls, Writer<T> writer, Reader<T> reader) {
    }

    private static final Map<Class<?>, Type<?>> BY_CLASS = new HashMap<>();
    private static final Type<?>[] BY_CODE = new Type<?>[256];

    static {
        register(1, Hello.class, (m, o) -> {
            o.i32(m.protocolVersion());
            o.str(m.client(), "client");
        }, (id, in) -> new Hello(id, in.i32("protocolVersion"), in.str("client")));
        register(2, HelloOk.class, (m, o) -> {
            o.i32(m.protocolVersion());
            o.str(m.daemonVersion(), "daemonVersion");
        }, (id, in) -> new HelloOk(id, in.i32("protocolVersion"), in.str("daemonVersion")));
        register(3, ListDevices.class, (m, o) -> {
        }, (id, in) -> new ListDevices(id));
        register(4, DeviceList.class, (m, o) -> {
            o.i32(m.devices().size());
            for (DeviceInfo d : m.devices()) {
                writeDevice(d, o);
            }
        }, (id, in) -> {
            // the smallest DeviceInfo: 7 empty strings (4 bytes each) + 2 longs
            int n = in.count("devices", 7 * 4 + 2 * 8);
            List<DeviceInfo> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(readDevice(in));
            }
            return new DeviceList(id, list);
        });
        register(5, Exec.class, (m, o) -> {
            o.str(m.device(), "device");
            o.bytes(m.code());
            o.i32(m.flags());
        }, (id, in) -> new Exec(id, in.str("device"), in.bytes("code"), in.i32("flags")));
        register(6, Output.class, (m, o) -> {
            o.u8(m.stream());
            o.bytes(m.data());
        }, (id, in) -> new Output(id, in.u8("stream"), in.bytes("data")));
        register(7, Progress.class, (m, o) -> {
            o.i64(m.done());
            o.i64(m.total());
        }, (id, in) -> new Progress(id, in.i64("done"), in.i64("total")));
        register(8, Result.class, (m, o) -> {
            o.i32(m.exitCode());
            o.str(m.message(), "message");
        }, (id, in) -> new Result(id, in.i32("exitCode"), in.str("message")));
        register(9, PutFile.class, (m, o) -> {
            o.str(m.device(), "device");
            o.str(m.remotePath(), "remotePath");
            o.i64(m.size());
            o.bytes(m.sha256());
        }, (id, in) -> new PutFile(id, in.str("device"), in.str("remotePath"), in.i64("size"), in.bytes("sha256")));
        register(10, Data.class, (m, o) -> o.bytes(m.chunk()), (id, in) -> new Data(id, in.bytes("chunk")));
        register(11, GetFile.class, (m, o) -> {
            o.str(m.device(), "device");
            o.str(m.remotePath(), "remotePath");
        }, (id, in) -> new GetFile(id, in.str("device"), in.str("remotePath")));
        register(12, FileHeader.class, (m, o) -> o.i64(m.size()), (id, in) -> new FileHeader(id, in.i64("size")));
        register(13, Attach.class, (m, o) -> o.str(m.device(), "device"), (id, in) -> new Attach(id, in.str("device")));
        register(14, Input.class, (m, o) -> o.bytes(m.data()), (id, in) -> new Input(id, in.bytes("data")));
        register(15, Detach.class, (m, o) -> {
        }, (id, in) -> new Detach(id));
        register(16, Cancel.class, (m, o) -> o.i32(m.targetRequestId()),
                (id, in) -> new Cancel(id, in.i32("targetRequestId")));
        register(17, Unlock.class, (m, o) -> o.secret(m.passphrase()), (id, in) -> new Unlock(id, in.secret("passphrase")));
        register(18, Lock.class, (m, o) -> {
        }, (id, in) -> new Lock(id));
        register(19, ReloadConfig.class, (m, o) -> {
        }, (id, in) -> new ReloadConfig(id));
        register(20, Shutdown.class, (m, o) -> {
        }, (id, in) -> new Shutdown(id));
        register(21, ErrorReply.class, (m, o) -> {
            o.i32(m.code());
            o.str(m.message(), "message");
        }, (id, in) -> new ErrorReply(id, in.i32("code"), in.str("message")));
        register(22, Resolve.class, (m, o) -> o.str(m.host(), "host"), (id, in) -> new Resolve(id, in.str("host")));
    }

    private MessageCodec() {
    }

    private static <T extends Message> void register(int code, Class<T> cls, Writer<T> w, Reader<T> r) {
        if (BY_CODE[code] != null || BY_CLASS.containsKey(cls)) {
            throw new IllegalStateException("duplicate message registration " + code + " " + cls);
        }
        Type<T> t = new Type<>(code, cls, w, r);
        BY_CODE[code] = t;
        BY_CLASS.put(cls, t);
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

    /** The wire type number of a message. */
    public static int typeOf(Message m) {
        return type(m).code();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> Type<T> type(T m) {
        Type<T> t = (Type<T>) BY_CLASS.get(m.getClass());
        if (t == null) {
            throw new IllegalStateException("unregistered message class " + m.getClass().getName());
        }
        return t;
    }

    /** The complete frame, length prefix included; ProtocolException if it would exceed {@link #MAX_FRAME}. */
    public static byte[] encode(Message m) {
        Type<Message> t = type(m);
        WireOut out = new WireOut();
        out.i32(0); // length placeholder
        out.u8(t.code());
        out.i32(m.requestId());
        t.writer().write(m, out);
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
        Type<?> t = BY_CODE[code];
        if (t == null) {
            throw new ProtocolException("unknown message type " + code);
        }
        WireIn in = new WireIn(b, off + 1, len - 1, t.cls().getSimpleName());
        int id = in.i32("requestId");
        Message m;
        try {
            m = t.reader().read(id, in);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProtocolException(t.cls().getSimpleName() + ": invalid value: " + e.getMessage(), e);
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
