package dev.upyd.protocol.repl;

import dev.upyd.protocol.Feed;
import dev.upyd.protocol.Transcript;
import dev.upyd.protocol.pylit.PythonLiteral;
import dev.upyd.protocol.webrepl.LoginDecoder;
import dev.upyd.protocol.webrepl.LoginEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.upyd.protocol.Feed.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FriendlyReplTest {
    private static FriendlyOutput.Parts run(List<RawReplTest.Exchange> ex, String line) {
        RawReplTest.Exchange e = RawReplTest.find(ex, line + "\r");
        assertTrue(FriendlyPrompt.endsWithPrompt(e.answer(), e.answer().length));
        return FriendlyOutput.split(e.answer(), line);
    }

    @Test
    void capturedFriendlyCommands() {
        List<RawReplTest.Exchange> ex = RawReplTest.exchanges(Transcript.load("01_wss_login_friendly_repl.jsonl"));
        FriendlyOutput.Parts p = run(ex, "print(1+1)");
        assertEquals("print(1+1)", p.echo());
        assertEquals("2\n", p.stdout());
        assertFalse(p.failed());
        assertEquals(2L, PythonLiteral.parse(run(ex, "1+1").stdout().strip()));
        assertEquals("no newline10\n", run(ex, "import sys; sys.stdout.write('no newline')").stdout());

        FriendlyOutput.Parts err = run(ex, "x = undefined_name");
        assertTrue(err.failed());
        assertEquals("", err.stdout());
        assertEquals("Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n"
                + "NameError: name 'undefined_name' isn't defined\n", err.traceback());
        assertEquals("NameError: name 'undefined_name' isn't defined", err.exceptionLine());
        assertEquals("A".repeat(200) + "\n", run(ex, "print('A'*200)").stdout());

        // a compound statement leaves the device at the continuation prompt (upydev issue #34)
        RawReplTest.Exchange loop = RawReplTest.find(ex, "for i in range(3):\r");
        assertTrue(FriendlyPrompt.endsWithContinuation(loop.answer(), loop.answer().length));
        assertFalse(FriendlyPrompt.endsWithPrompt(loop.answer(), loop.answer().length));
    }

    @Test
    void capturedUpydevStyleExpression() {
        List<RawReplTest.Exchange> ex = RawReplTest.exchanges(Transcript.load("19_wss_upydev_style_login.jsonl"));
        FriendlyOutput.Parts p = run(ex, "import sys;sys.platform");
        assertEquals("linux", PythonLiteral.parse(p.stdout().strip()));
    }

    /** Scenario 17: a 300-char line; then a 70000-byte print kills the session before any output. */
    @Test
    void capturedLargeOutput() {
        List<RawReplTest.Exchange> ex = RawReplTest.exchanges(Transcript.load("17_wss_large_output.jsonl"));
        FriendlyOutput.Parts p = run(ex, "print('B'*300)");
        assertEquals("B".repeat(300) + "\n", p.stdout());
        RawReplTest.Exchange killed = RawReplTest.find(ex, "print(s)\r");
        assertEquals("print(s)\r\n", new String(killed.answer(), StandardCharsets.US_ASCII));
        assertFalse(FriendlyPrompt.endsWithPrompt(killed.answer(), killed.answer().length));
    }

    /** Scenario 16: Ctrl-D at ">>> " answers "\r\n" and drops the session; the next login works. */
    @Test
    void capturedSoftReset() {
        Transcript t = Transcript.load("16_wss_soft_reset.jsonl");
        List<RawReplTest.Exchange> ex = RawReplTest.exchanges(t);
        RawReplTest.Exchange reset = RawReplTest.find(ex, "\u0004");
        assertEquals("\r\n", new String(reset.answer(), 0, 2, StandardCharsets.US_ASCII));
        // the rest of that answer is the second session's login
        byte[] second = java.util.Arrays.copyOfRange(reset.answer(), 2, reset.answer().length);
        LoginDecoder d = new LoginDecoder();
        assertEquals(LoginEvent.PASSWORD_PROMPT, d.offer(second));
        RawReplTest.Exchange pw = ex.get(ex.indexOf(reset) + 1);
        assertEquals("testpass\r", new String(pw.sent(), StandardCharsets.US_ASCII));
        assertEquals(LoginEvent.Kind.CONNECTED, d.offer(pw.answer()).kind());
        assertEquals("2\n", run(ex, "1+1").stdout());
        assertEquals(2, t.httpNotes("s2c").size());
    }

    /** Readline drops non-ASCII input: the echo differs from the typed line, the first line is still the echo. */
    @Test
    void alteredEcho() {
        List<RawReplTest.Exchange> ex = RawReplTest.exchanges(Transcript.load("01_wss_login_friendly_repl.jsonl"));
        String typed = new String(ascii("print('\u00c3\u00a9\u00e2\u0082\u00ac')"), StandardCharsets.UTF_8);
        RawReplTest.Exchange e = RawReplTest.find(ex, "print('\u00c3");
        FriendlyOutput.Parts p = FriendlyOutput.split(e.answer(), typed);
        assertEquals("print('')", p.echo());
        assertEquals("\n", p.stdout());
        // auto-indent: the echo carries VT100 sequences
        RawReplTest.Exchange end = RawReplTest.find(ex, "\b\r");
        FriendlyOutput.Parts loop = FriendlyOutput.split(end.answer(), "\b");
        assertEquals("    \b\b\b\b\u001b[K", loop.echo());
        assertEquals("0\n1\n2\n", loop.stdout());
        assertEquals("", FriendlyOutput.split(new byte[0], "x").stdout());
        assertEquals("", FriendlyOutput.split(new byte[0], "x").echo());
        assertTrue(Feed.concat().length == 0);
    }
}
