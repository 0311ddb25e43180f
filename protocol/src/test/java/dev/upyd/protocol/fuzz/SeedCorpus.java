package dev.upyd.protocol.fuzz;

import dev.upyd.protocol.Transcript;
import dev.upyd.protocol.api.Attach;
import dev.upyd.protocol.api.Cancel;
import dev.upyd.protocol.api.Data;
import dev.upyd.protocol.api.Detach;
import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.protocol.api.DeviceList;
import dev.upyd.protocol.api.ErrorReply;
import dev.upyd.protocol.api.Exec;
import dev.upyd.protocol.api.FileHeader;
import dev.upyd.protocol.api.GetFile;
import dev.upyd.protocol.api.Hello;
import dev.upyd.protocol.api.HelloOk;
import dev.upyd.protocol.api.Input;
import dev.upyd.protocol.api.ListDevices;
import dev.upyd.protocol.api.Lock;
import dev.upyd.protocol.api.Message;
import dev.upyd.protocol.api.MessageCodec;
import dev.upyd.protocol.api.Output;
import dev.upyd.protocol.api.Progress;
import dev.upyd.protocol.api.PutFile;
import dev.upyd.protocol.api.ReloadConfig;
import dev.upyd.protocol.api.Ping;
import dev.upyd.protocol.api.Resolve;
import dev.upyd.protocol.api.Result;
import dev.upyd.protocol.api.Shutdown;
import dev.upyd.protocol.api.Unlock;
import dev.upyd.protocol.ws.WebSocketAccept;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the seed corpora of the fuzz tests from the device captures in src/test/resources/transcripts (real
 * MicroPython 1.28 bytes) plus hand-made edge cases, in Jazzer's layout
 * {@code <TestClass>Inputs/<method>/seed-<name>}. Run once after changing a target's input format:
 * {@code java -cp target/test-classes:target/classes dev.upyd.protocol.fuzz.SeedCorpus src/test/resources}.
 * Crashers that Jazzer stores next to the seeds ({@code crash-<sha1>}) are kept by hand, never regenerated.
 */
public final class SeedCorpus {
    private static final String[] TRANSCRIPTS = {
        "01_wss_login_friendly_repl.jsonl", "02_wss_raw_repl.jsonl", "06_wss_file_put.jsonl", "07_wss_file_get.jsonl",
        "08_wss_get_ver.jsonl", "09_wss_file_errors.jsonl", "10_wss_wrong_password.jsonl", "16_wss_soft_reset.jsonl",
        "17_wss_large_output.jsonl", "19_wss_upydev_style_login.jsonl", "22_ws_login_repl_put_get.jsonl",
        "23_ws_official_webrepl_cli.jsonl",
    };

    private final Path root;
    private final Map<String, byte[]> written = new LinkedHashMap<>();

    private SeedCorpus(Path root) {
        this.root = root.resolve("dev/upyd/protocol/fuzz");
    }

    public static void main(String[] args) throws IOException {
        SeedCorpus s = new SeedCorpus(Path.of(args.length > 0 ? args[0] : "src/test/resources"));
        for (String t : TRANSCRIPTS) {
            s.fromTranscript(Transcript.load(t));
        }
        s.handMade();
        for (Map.Entry<String, byte[]> e : s.written.entrySet()) {
            Path p = s.root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        System.out.println(s.written.size() + " seeds under " + s.root);
    }

    /** A seed named by its content, so identical captures collapse into one file. */
    private void seed(String dir, byte[] bytes) {
        written.putIfAbsent(dir + "/seed-" + sha1(bytes).substring(0, 12), bytes);
    }

    /** A seed for a FuzzInput target: flags, reads cut where the device's frames ended. */
    private void seed(String dir, int flags, List<byte[]> frames) {
        int[] cuts = new int[Math.min(7, Math.max(0, frames.size() - 1))];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = frames.get(i).length;
        }
        seed(dir, FuzzInput.encode(flags, false, cuts, FuzzInput.concat(frames)));
    }

    private void fromTranscript(Transcript t) {
        List<Transcript.Event> ev = t.events();
        for (int i = 0; i < ev.size(); i++) {
            Transcript.Event e = ev.get(i);
            if (e.kind().equals("note") && e.text().startsWith("HTTP upgrade response")) {
                upgradeResponse(e.bytes());
                List<byte[]> login = new ArrayList<>();
                for (int j = i + 1; j < ev.size() && login.size() < 4; j++) {
                    if (ev.get(j).s2c() && ev.get(j).kind().equals("text")) {
                        login.add(ev.get(j).bytes());
                    }
                    if (ev.get(j).kind().equals("note") && ev.get(j).text().startsWith("HTTP upgrade")) {
                        break;
                    }
                }
                seed("WebReplFuzzTestInputs/login", 0, login);
            } else if (e.kind().equals("note") && e.text().startsWith("HTTP upgrade request")) {
                seed("WsFuzzTestInputs/deviceUpgrade", 0, List.of(e.bytes()));
                seed("WsFuzzTestInputs/deviceUpgrade", 1, List.of(e.bytes()));
            } else if (e.frame() && e.s2c() && text(e).equals("Password: ")) {
                seed("WebReplFuzzTestInputs/devicePassword", 0, runOf(ev, i + 1, "c2s"));
            } else if (e.frame() && e.c2s() && e.kind().equals("binary") && startsWith(e.bytes(), "WA")) {
                byte[] req = e.bytes();
                if (req.length < 82 && i + 1 < ev.size() && ev.get(i + 1).c2s()) {
                    req = FuzzInput.concat(List.of(req, ev.get(i + 1).bytes()));
                }
                seed("WebReplFuzzTestInputs/fileRequest", 0, List.of(req));
                if (req.length > 2 && req[2] == 2) {
                    get(ev, i + 1);
                }
            } else if (e.frame() && e.s2c() && startsWith(e.bytes(), "WB")) {
                seed("WebReplFuzzTestInputs/fileResponse", 0, List.of(e.bytes()));
            } else if (e.frame() && e.s2c() && e.bytes().length == 3 && e.bytes()[0] == 1) {
                seed("WebReplFuzzTestInputs/deviceVersion", e.bytes());
            } else if (e.frame() && e.c2s() && text(e).endsWith("\r") && !text(e).startsWith("testpass")) {
                friendly(text(e), runOf(ev, i + 1, "s2c"));
            } else if (e.frame() && e.c2s() && text(e).equals("\r\u0001")) {
                seed("ReplFuzzTestInputs/rawReplEntry", 0, runOf(ev, i + 1, "s2c"));
            } else if (e.frame() && e.c2s() && text(e).equals("\u0004") && i > 0 && ev.get(i - 1).c2s()) {
                List<byte[]> run = runOf(ev, i + 1, "s2c");
                boolean paste = !run.isEmpty() && run.get(0)[0] == 4;
                seed("ReplFuzzTestInputs/rawReplResult", paste ? 1 : 0, run);
                if (!paste && run.size() > 1) {
                    seed("ReplFuzzTestInputs/rawReplResult", 2, run.subList(1, run.size())); // OK consumed already
                }
            } else if (e.frame() && e.c2s() && text(e).equals("\u0005A\u0001")) {
                List<byte[]> answer = runOf(ev, i + 1, "s2c");
                seed("ReplFuzzTestInputs/rawPaste", 0, List.of(FuzzInput.concat(answer), new byte[] {4}));
            }
        }
    }

    /** The frames of one direction from {@code from} until the other direction speaks. */
    private static List<byte[]> runOf(List<Transcript.Event> ev, int from, String dir) {
        List<byte[]> run = new ArrayList<>();
        for (int j = from; j < ev.size(); j++) {
            Transcript.Event x = ev.get(j);
            if (!x.frame()) {
                if (x.kind().equals("note") && x.text().startsWith("HTTP")) {
                    break;
                }
                continue;
            }
            if (!x.dir().equals(dir)) {
                break;
            }
            run.add(x.bytes());
        }
        return run;
    }

    /** GET: after the request the device answers WB 00 00, then (pulled by the host's 0x00s) the chunk stream. */
    private void get(List<Transcript.Event> ev, int from) {
        List<byte[]> stream = new ArrayList<>();
        boolean first = true;
        for (int j = from; j < ev.size(); j++) {
            Transcript.Event x = ev.get(j);
            if (!x.frame() || !x.kind().equals("binary") || x.c2s()) {
                if (x.frame() && x.c2s() && x.bytes().length != 1) {
                    break;
                }
                continue;
            }
            if (first) {
                first = false; // the WB 00 00 that accepts the request
                continue;
            }
            stream.add(x.bytes());
            if (startsWith(x.bytes(), "WB")) {
                break;
            }
        }
        seed("WebReplFuzzTestInputs/getChunks", 0, stream);
    }

    private void friendly(String line, List<byte[]> run) {
        String code = line.substring(0, line.length() - 1);
        byte[] received = FuzzInput.concat(run);
        seed("ReplFuzzTestInputs/friendlyOutput", 0, List.of(FuzzInput.concat(List.of(
                code.getBytes(StandardCharsets.UTF_8), new byte[] {0}, received))));
        // every printed line is a candidate literal (most are, e.g. 2, 'linux', (1, 2))
        for (String l : new String(received, StandardCharsets.UTF_8).split("\r\n")) {
            if (!l.isBlank() && !l.equals(code) && !l.startsWith(">>>")) {
                seed("PythonLiteralFuzzTestInputs/parse", 0, List.of(l.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private void upgradeResponse(byte[] head) {
        String s = new String(head, StandardCharsets.ISO_8859_1);
        s = s.replaceAll("Sec-WebSocket-Accept: [^\r]*", "Sec-WebSocket-Accept: " + WebSocketAccept.of(WsFuzzTest.KEY));
        byte[] b = ascii(s + "\u0081\nPassword: ");
        int a = s.indexOf("Accept: ") + 8;
        int end = s.indexOf("\r\n\r\n");
        // as over TLS: headers up to "Accept: ", the key, the blank line (+ the first frame)
        seed("WsFuzzTestInputs/upgradeResponse", FuzzInput.encode(0, false, new int[] {a, end - a}, b));
        seed("WsFuzzTestInputs/upgradeResponse", 0, List.of(b));
    }

    private void handMade() {
        String accept = WebSocketAccept.of(WsFuzzTest.KEY);
        seed("WsFuzzTestInputs/upgradeResponse", 0, List.of(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                + "<!DOCTYPE html>\n<html><script src=\"webrepl.js\"></script></html>")));
        seed("WsFuzzTestInputs/upgradeResponse", 0, List.of(ascii("HTTP/1.0 101 Switching Protocols\r\n"
                + "sec-websocket-accept:" + accept + "\r\n\r\n")));
        seed("WsFuzzTestInputs/deviceUpgrade", 0, List.of(ascii("GET / HTTP/1.1\r\nhost: a\r\nupgrade: websocket\r\n"
                + "connection: upgrade\r\nsec-websocket-key: " + WsFuzzTest.KEY + "\r\n\r\n")));
        seed("WsFuzzTestInputs/deviceUpgrade", 1, List.of(ascii("GET / HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\n"
                + "Upgrade: websocket\r\nSec-WebSocket-Key: x\r\n\r\n\u0081\u0089")));

        seed("WebReplFuzzTestInputs/login", 0, List.of(ascii("Password: "), ascii("\r\nWebREPL conn"),
                ascii("ected\r\n>>> print(1)")));
        seed("WebReplFuzzTestInputs/login", 0, List.of(ascii("\r\nConcurrent WebREPL connection from ('127.0.0.1',"
                + " 5) rejected\r\nPassword: \r\nAccess denied\r\n")));
        // limits must not depend on read sizes: a big read that completes the login early is fine
        seed("WebReplFuzzTestInputs/login", 0, List.of(ascii("Password: "), ascii("x".repeat(4090))));
        seed("WebReplFuzzTestInputs/login", 0, List.of(ascii("Password: "), ascii("\r\nWebREPL connected\r\n>>> "),
                ascii("y".repeat(5000))));
        seed("WebReplFuzzTestInputs/login", 0, List.of(ascii("z".repeat(4096)), ascii("Password: ")));
        seed("WebReplFuzzTestInputs/devicePassword", 0, List.of(ascii("testpassEXTRA\r\n1+1\r")));
        seed("WebReplFuzzTestInputs/devicePassword", 0, List.of(ascii("t\u0000st\n")));
        seed("WebReplFuzzTestInputs/fileRequest", 2, List.of(FuzzInput.concat(List.of(ascii("xx"),
                dev.upyd.protocol.webrepl.FileRequest.put("/lib/\u00e9t\u00e9.py", 0xFFFF_FFFFL).encode()))));
        seed("WebReplFuzzTestInputs/fileResponse", 1, List.of(ascii("xWB\u0001\u0000")));
        seed("WebReplFuzzTestInputs/getChunks", 0, List.of(new byte[] {1, 1}, new byte[] {0, 1}));
        seed("WebReplFuzzTestInputs/getChunks", 0, List.of(new byte[] {3, 0, 'a', 'b', 'c', 0, 0, 'W', 'B', 0, 0, '>'}));

        seed("ReplFuzzTestInputs/rawReplResult", 1, List.of(ascii("\u0001\u0001\u0004hi\u0004\u0004>")));
        seed("ReplFuzzTestInputs/rawReplEntry", 0, List.of(ascii("Traceback (most recent call last):\r\n"
                + "KeyboardInterrupt: \r\n>>> \r\nraw REPL; CTRL-B to ex"), ascii("it\r\n>")));
        seed("ReplFuzzTestInputs/rawReplEntry", 0, List.of(ascii("n".repeat(65535)), ascii("nn"),
                ascii("raw REPL; CTRL-B to exit\r\n>")));
        seed("ReplFuzzTestInputs/rawReplEntry", 0, List.of(ascii("n".repeat(65535)), ascii("nraw REPL; CTRL-B to "),
                ascii("exit\r\n>")));
        seed("ReplFuzzTestInputs/rawPaste", 0, List.of(ascii("raw REPL; CTRL-B to exit\r\n>")));
        seed("ReplFuzzTestInputs/rawPaste", 0, List.of(ascii("R\u0000")));
        seed("ReplFuzzTestInputs/rawPaste", 1, List.of(ascii("R\u0001\u0080\u0000\u0001"), ascii("\u0001"),
                ascii("\u0001\u0004")));
        seed("ReplFuzzTestInputs/rawPaste", 3, List.of(ascii("R\u0001\u0080\u0000\u0001"), ascii("\u0004"),
                ascii("\u0004")));
        seed("ReplFuzzTestInputs/friendlyOutput", 0, List.of(ascii("1/0\u00001/0\r\nTraceback (most recent call last):"
                + "\r\n  File \"<stdin>\", line 1, in <module>\r\nZeroDivisionError: divide by zero\r\n>>> ")));

        for (String lit : List.of("{'a': (1, 2.5, -3e10, b'\\x00\\''), \"b\": [True, None, inf, -inf, nan]}",
                "bytearray(b'\\x01\\xff')", "array('i', [1, -2, 0x1F, 0o17, 0b101])", "{1, 'x', (2,), b'k'}",
                "123456789012345678901234567890", "-9223372036854775808", "1_000.5e-3", "('\\U0001F600', '\\u00e9')",
                "(((((((((([])))))))))))", "{}", "()", "(1)", "[1,]", "''", "\"it's\"", "1e999", "0x")) {
            seed("PythonLiteralFuzzTestInputs/parse", 0, List.of(lit.getBytes(StandardCharsets.UTF_8)));
        }

        byte[] sha = new byte[32];
        List<Message> msgs = List.of(new Hello(1, 1, "upyd 0.1.0"), new HelloOk(1, 1, "0.1.0"), new ListDevices(2),
                new DeviceList(2, List.of(new DeviceInfo("esp_room1", "wss://192.168.1.5:8833", "online", "TLSv1.2",
                        "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", 1700000000000L, "", 0, "1.28.0"))),
                new Exec(3, "esp_room1", ascii("print(1+1)"), Exec.FLAG_FRIENDLY), new Output(3, Output.STDOUT,
                        ascii("2\r\n")), new Progress(4, 512, 643), new Result(3, 0, ""),
                new PutFile(4, "esp_room1", "/main.py", 643, sha), new Data(4, ascii("0123456789abcdef")),
                new Data(4, new byte[0]), new GetFile(5, "esp_room1", "/boot.py"), new FileHeader(5, 643),
                new Attach(6, "esp_room1"), new Input(6, ascii("\u0003")), new Detach(6), new Cancel(7, 3),
                new Unlock(8, "pass phrase".toCharArray()), new Lock(9), new ReloadConfig(10), new Shutdown(11), new Resolve(12, "esp_room1.local"), new Ping(13, "esp_room1"),
                new ErrorReply(3, ErrorReply.UNKNOWN_DEVICE, "no device 'x' in the group"));
        List<byte[]> frames = new ArrayList<>();
        for (Message m : msgs) {
            byte[] f = MessageCodec.encode(m);
            frames.add(f);
            seed("MessageFuzzTestInputs/messages", 0, List.of(f));
        }
        seed("MessageFuzzTestInputs/messages", 0, frames);
        seed("MessageFuzzTestInputs/messages", 0, List.of(new byte[] {0, 0x10, 0, 1, 1}));
    }

    private static String text(Transcript.Event e) {
        return new String(e.bytes(), StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] b, String prefix) {
        byte[] p = ascii(prefix);
        return b.length >= p.length && Arrays.equals(b, 0, p.length, p, 0, p.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String sha1(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
