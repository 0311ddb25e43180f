package dev.upyd.daemon.faults;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.pki.config.GroupEntry;
import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.protocol.api.DeviceList;
import dev.upyd.protocol.api.ErrorReply;
import dev.upyd.protocol.api.ListDevices;
import dev.upyd.protocol.api.Message;
import dev.upyd.protocol.api.Result;
import dev.upyd.protocol.api.Unlock;
import dev.upyd.sim.SimulatedDevice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon process goes through a whole session with secrets in play (device passwords, a wrong
 * password, the host key passphrase, a wrong and a right passphrase over Unlock), at log level FINE;
 * then its log, its /metrics body, its /proc cmdline and every message a client received are searched
 * for each secret.
 */
class SecretsTest {
    static final Duration T = Duration.ofSeconds(20);
    static final String PW_A = "Qx7pW2zk9";
    static final String PW_B = "Mv3nR8tq1";
    static final String WRONG_PW = "Zk4fH6yd2";
    static final String PHRASE = "Corr3ct-H0rse-Phr4se";
    static final String WRONG_PHRASE = "Wr0ngPhr4se-77";
    static final String GUESS = "Gu3ss-N0t-It-42";
    static final List<String> SECRETS = List.of(PW_A, PW_B, WRONG_PW, PHRASE, WRONG_PHRASE, GUESS);

    @TempDir
    Path tmp;
    FaultRig rig;
    DaemonProcess proc;

    @AfterEach
    void tearDown() throws Exception {
        if (proc != null) {
            proc.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void noSecretInLogsMetricsCmdlineOrReplies() throws Exception {
        rig = new FaultRig(tmp);
        rig.writeHostFiles(PHRASE);
        SimulatedDevice a = rig.lightWithPassword("sa", PW_A);
        SimulatedDevice b = rig.lightWithPassword("sb", PW_B);
        Files.write(a.deviceDir().resolve("conf.txt"), "ssid=lab\n".getBytes(StandardCharsets.UTF_8));
        // both entries carry a wrong passphrase: the daemon waits for `upyd unlock`; b also has a wrong password
        rig.writeGroup(GroupEntry.of("sa", "127.0.0.1:" + a.port(), PW_A + ":" + WRONG_PHRASE),
                GroupEntry.of("sb", "127.0.0.1:" + b.port(), WRONG_PW + ":" + WRONG_PHRASE));
        Path log = tmp.resolve("daemon.log");
        proc = DaemonProcess.start(rig, log, Map.of("UPYD_METRICS", "127.0.0.1:0", "UPYD_LOG_LEVEL", "FINE"));
        StringBuilder replies = new StringBuilder();
        try (LocalApiClient cl = LocalApiClient.connect(rig.socket)) {
            FaultRig.await("both locked", 20000, () -> states(cl, replies).equals(List.of("locked", "locked")));
            int bad = cl.nextId();
            cl.send(new Unlock(bad, GUESS.toCharArray()));
            Result refused = assertInstanceOf(Result.class, cl.reply(bad, T));
            replies.append(refused).append(refused.message()).append('\n');
            assertEquals(4, refused.exitCode());
            int good = cl.nextId();
            cl.send(new Unlock(good, PHRASE.toCharArray()));
            Result ok = assertInstanceOf(Result.class, cl.reply(good, T));
            replies.append(ok).append(ok.message()).append('\n');
            assertEquals(0, ok.exitCode(), ok.message());
            FaultRig.await("sa online, sb auth-failed", 20000,
                    () -> states(cl, replies).equals(List.of("online", "auth-failed")));

            LocalApiClient.Outcome e = cl.exec("sa", "print(6*7)", T);
            record(replies, e);
            assertEquals("42\r\n", e.stdout());
            LocalApiClient.Outcome err = cl.exec("sa", "print(undefined_name)", T);
            record(replies, err);
            assertEquals(1, err.exitCode());
            LocalApiClient.Outcome put = cl.put("sa", "up.txt", "hello\n".getBytes(StandardCharsets.UTF_8), T);
            record(replies, put);
            LocalApiClient.Download got = cl.get("sa", "conf.txt", T);
            replies.append(got.exitCode()).append(' ').append(got.message()).append('\n');
            assertEquals(0, got.exitCode(), got.message());
            LocalApiClient.Download missing = cl.get("sa", "nope.txt", T);
            replies.append(missing.message()).append('\n');
            LocalApiClient.Outcome denied = cl.exec("sb", "print(1)", T);
            record(replies, denied);
            assertEquals(4, denied.exitCode(), denied.message());
            for (Message m : cl.errors()) {
                replies.append(m).append('\n');
            }
        }

        String metrics = scrapeMetrics(proc.logText());
        String cmdline = proc.cmdline();
        String environ = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(proc.pid()), "environ")),
                StandardCharsets.UTF_8);
        proc.process.destroy();
        assertTrue(proc.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
        String logText = proc.logText();
        System.out.println("[measure] secrets scan: log " + logText.length() + " chars (" + logText.lines().count()
                + " lines, level FINE), metrics " + metrics.length() + " chars, cmdline " + cmdline.length()
                + " chars, replies " + replies.length() + " chars");
        assertTrue(logText.contains("): authentication failed: wrong WebREPL password"), "the log must say what went wrong: " + logText);
        assertTrue(metrics.contains("upyd_"), "metrics body looks empty: " + metrics);
        List<String> hits = new ArrayList<>();
        scan(hits, "self-check", "a log line with " + GUESS + " in it");
        assertEquals(1, hits.size(), "the scanner must find a planted secret");
        hits.clear();
        scan(hits, "daemon log", logText);
        scan(hits, "/metrics", metrics);
        scan(hits, "/proc/PID/cmdline", cmdline);
        scan(hits, "/proc/PID/environ", environ);
        scan(hits, "client replies", replies.toString());
        assertTrue(hits.isEmpty(), "secrets leaked: " + hits);
    }

    private static void record(StringBuilder replies, LocalApiClient.Outcome o) {
        replies.append(o.exitCode()).append(' ').append(o.message()).append('\n').append(o.stdout()).append(o.stderr());
    }

    private static List<String> states(LocalApiClient cl, StringBuilder replies) {
        try {
            int id = cl.nextId();
            cl.send(new ListDevices(id));
            Message m = cl.reply(id, T);
            if (m instanceof ErrorReply e) {
                replies.append(e).append('\n');
                return List.of();
            }
            List<String> s = new ArrayList<>();
            for (DeviceInfo i : ((DeviceList) m).devices()) {
                replies.append(i).append('\n');
                s.add(i.state());
            }
            return s;
        } catch (Exception e) {
            return List.of();
        }
    }

    private static String scrapeMetrics(String log) throws Exception {
        Matcher m = Pattern.compile("metrics on port (\\d+)").matcher(log);
        assertTrue(m.find(), "no 'metrics on port N' in the log: " + log);
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(5)).build().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + m.group(1) + "/metrics")).timeout(T).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static void scan(List<String> hits, String where, String text) {
        for (String s : SECRETS) {
            int i = text.indexOf(s);
            if (i >= 0) {
                hits.add(s + " in " + where + ": ..." + text.substring(Math.max(0, i - 80), Math.min(text.length(),
                        i + s.length() + 20)).replace('\n', '|') + "...");
            }
        }
    }
}
