package dev.upyd.cli;

import dev.upyd.protocol.api.ErrorReply;
import dev.upyd.protocol.api.Exec;
import dev.upyd.protocol.api.Hello;
import dev.upyd.protocol.api.HelloOk;
import dev.upyd.protocol.api.ListDevices;
import dev.upyd.protocol.api.DeviceList;
import dev.upyd.protocol.api.Message;
import dev.upyd.protocol.api.MessageCodec;
import dev.upyd.protocol.api.MessageDecoder;
import dev.upyd.protocol.api.Output;
import dev.upyd.protocol.api.Result;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The training run of {@code scripts/make-cds.sh}: loads the classes an everyday CLI command loads, so
 * the class-data archive (AppCDS on JDK 17, the AOT cache on 24+) holds them. It needs no daemon: it
 * answers the CLI's own Hello/ListDevices/Exec on a throw-away Unix socket with the real codec, so the
 * exec path (socket, codec, reader thread, output streaming) is trained exactly as {@code upyd exec DEV
 * 'print(1)'} runs it. Not a test double: nothing is asserted, it only exercises code.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("upyd-cds");
        Path sock = dir.resolve("train.sock");
        // first, as in a real start: once the JDK's Unix-socket class is initialised, the cheap set-up has
        // nothing left to do, and the archive must hold its classes
        dev.upyd.cli.client.UnixSockets.prepare();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread t = new Thread(() -> serve(server), "cds-training-daemon");
            t.setDaemon(true);
            t.start();
            Map<String, String> env = Map.of("UPYD_SOCKET", sock.toString(), "UPYD_HOME", dir.resolve("home").toString(),
                    "NO_COLOR", "1");
            CliSettings s = CliSettings.of(env, dir);
            PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
            List<String[]> lines = new ArrayList<>();
            lines.add(new String[] {"--version"});
            lines.add(new String[] {"--help"});
            lines.add(new String[] {"exec", "dev", "print(1)"});
            lines.add(new String[] {"print(1)", "-@", "dev"});
            lines.add(new String[] {"status"});
            lines.add(new String[] {"ls", "--help"});
            lines.add(new String[] {"put", "--help"});
            lines.add(new String[] {"no-such", "--bad"});
            for (int i = 0; i < 3; i++) { // the launcher's picocli-free exec path (Main.main -> FastExec)
                String[] fast = dev.upyd.cli.command.FastExec.match(new String[] {"exec", "dev", "print(1)"},
                        Main.commandNames());
                dev.upyd.cli.command.FastExec.run(fast[0], fast[1], s, sink, sink);
            }
            for (String[] l : lines) {
                CommandLine cl = Main.commandLine(s, false);
                cl.setOut(sink);
                cl.setErr(sink);
                Main.execute(cl, l);
            }
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(dir);
        }
    }

    private static void serve(ServerSocketChannel server) {
        while (true) {
            try (SocketChannel ch = server.accept()) {
                MessageDecoder dec = new MessageDecoder();
                ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                List<Message> in = new ArrayList<>();
                boolean open = true;
                while (open) {
                    buf.clear();
                    int n = ch.read(buf);
                    if (n < 0) {
                        break;
                    }
                    dec.offer(buf.array(), 0, n, in::add);
                    for (Message m : in) {
                        Message reply;
                        if (m instanceof Hello h) {
                            reply = new HelloOk(h.requestId(), Message.PROTOCOL_VERSION, "training");
                        } else if (m instanceof ListDevices l) {
                            reply = new DeviceList(l.requestId(), List.of());
                        } else if (m instanceof Exec e) {
                            write(ch, new Output(e.requestId(), Output.STDOUT, "1\r\n".getBytes(StandardCharsets.UTF_8)));
                            reply = new Result(e.requestId(), 0, "");
                        } else {
                            reply = new ErrorReply(m.requestId(), ErrorReply.BAD_MESSAGE, "training");
                            open = false;
                        }
                        write(ch, reply);
                    }
                    in.clear();
                }
            } catch (IOException | RuntimeException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    private static void write(SocketChannel ch, Message m) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(MessageCodec.encode(m));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
