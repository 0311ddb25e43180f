package dev.upyd.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.cli.Main;
import dev.upyd.sim.SimulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * upydev's device-management and reachability commands against the real daemon: one device with the real
 * MicroPython interpreter (mp1) and two light ones. Group files, the current device and the shell profile live in
 * the test's own directories.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupCommandsEndToEndTest {
    @TempDir
    static Path tmp;
    static CliDaemonFixture fx;
    static SimulatedDevice mp1;
    static SimulatedDevice l2;
    static Path homeDir;

    @BeforeAll
    static void start() throws Exception {
        fx = new CliDaemonFixture(tmp);
        mp1 = fx.micropython("mp1");
        fx.light("lt1");
        l2 = fx.light("lt2");
        homeDir = tmp.resolve("userhome");
        Files.createDirectories(homeDir);
        fx.cli.env.put("HOME", homeDir.toString());
        fx.startDaemon();
        fx.awaitOnline(90_000, "mp1", "lt1", "lt2");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private static int run(String... args) {
        return fx.cli.run(args);
    }

    private static String out() {
        return fx.cli.out;
    }

    private static String err() {
        return fx.cli.err;
    }

    private static String addr(String name) {
        int i = java.util.List.of("mp1", "lt1", "lt2").indexOf(name);
        return "127.0.0.1:" + fx.devices.get(i).port();
    }

    @Test
    @Order(1)
    void groupsAreMadeShownChangedAndSplitAsUpydevPrintsThem() throws Exception {
        assertEquals(0, run("mkg", "lab", "-devs", "lt1", addr("lt1"), "pw:x", "lt2", addr("lt2"), "pw:x"), err());
        assertEquals("Group settings saved in working directory!\nUpy devices group created!\nGROUP NAME: lab\n"
                + "# DEVICES: 2\nlt1 -> WebSocketDevice @ " + addr("lt1") + "\nlt2 -> WebSocketDevice @ " + addr("lt2")
                + "\n", out());
        assertTrue(Files.isRegularFile(fx.cli.cwd.resolve("lab.config")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.cli.cwd.resolve("lab.config"))));
        assertFalse(Files.readString(fx.cli.cwd.resolve("lab.config")).isEmpty());

        assertEquals(0, run("see", "lab"), err());
        assertEquals("GROUP NAME: lab\n# DEVICES: 2\n┣━ lt1        -> WebSocketDevice @ " + addr("lt1") + " \n"
                + "┗━ lt2        -> WebSocketDevice @ " + addr("lt2") + " \n", out());
        assertEquals(0, run("see", "lab.config"), err());

        assertEquals(0, run("mgg", "lab", "-rm", "lt2"), err());
        assertEquals("Upy devices group updated!\nGROUP NAME: lab\n# DEVICES REMOVED: 1\nlt2 : WebSocketDevice @ "
                + addr("lt2") + "\n", out());
        assertEquals(0, run("mgg", "-G", "lab", "-add", "lt2", addr("lt2"), "pw:x"), err());
        assertTrue(out().contains("# DEVICES ADDED: 1\nlt2 : WebSocketDevice @ " + addr("lt2")), out());
        assertEquals(0, run("mksg", "one", "lab", "-devs", "lt2"), err());
        assertTrue(out().contains("GROUP NAME: one\n# DEVICES: 1\nlt2 -> WebSocketDevice @ "), out());

        // a device the named group brings in joins UPY_G (the daemon holds nothing else), and says so
        assertEquals(0, run("mkg", "extra", "-devs", "newdev", "127.0.0.1:1", "pw:x"), err());
        assertTrue(err().contains("newdev added to the global group UPY_G"), err());
        assertEquals(0, run("gg"), err());
        assertTrue(out().contains("┗━ newdev     -> WebSocketDevice @ 127.0.0.1:1 \n"), out());
        assertEquals(0, run("mgg", "-gg", "-rm", "newdev"), err());
        assertEquals(0, run("gg"));
        assertFalse(out().contains("newdev"), out());
    }

    @Test
    @Order(2)
    void badGroupInputIsRefusedAndNothingIsWritten() throws Exception {
        assertEquals(Main.ExitCodes.USAGE, run("mkg", "broken", "-devs", "a", "127.0.0.1"));
        assertTrue(err().contains("-devs takes NAME ADDRESS PASSWORD triples; got 2 words"), err());
        assertFalse(Files.exists(fx.cli.cwd.resolve("broken.config")));
        assertEquals(Main.ExitCodes.USAGE, run("see", "nosuch"));
        assertTrue(err().contains("group nosuch not found") && err().contains("upyd mkg nosuch"), err());
        assertEquals(Main.ExitCodes.USAGE, run("mkg", "../evil", "-devs", "a", "127.0.0.1", "p"));
        assertTrue(err().contains("bad group name"), err());
        assertEquals(Main.ExitCodes.USAGE, run("mksg", "two", "lab", "-devs", "nosuch"));
        assertTrue(err().contains("Device nosuch not configured in lab group"), err());
        assertFalse(Files.exists(fx.cli.cwd.resolve("two.config")));
        assertEquals(Main.ExitCodes.USAGE, run("mgg", "lab"));
        assertTrue(err().contains("-add NAME ADDRESS PASSWORD"), err());
        Files.writeString(fx.cli.cwd.resolve("corrupt.config"), "{\"a\": [\"127.0.0.1\"");
        assertEquals(Main.ExitCodes.USAGE, run("see", "corrupt"));
        assertTrue(err().contains("corrupt.config"), err());
        assertEquals(Main.ExitCodes.USAGE, run("mkg", "secret", "-devs", "x", "not a host", "s3cr3tpw"));
        assertFalse(err().contains("s3cr3tpw"), "no password in errors: " + err());
    }

    @Test
    @Order(3)
    void sequentialGroupModePrintsUpydevHeadersAndSummary() {
        int code = run("exec", "print('hi from', 40 + 2)", "-G", "lab");
        assertEquals(0, code, out() + err());
        String o = out();
        assertTrue(o.startsWith("Sending command to group: lab\n"), o);
        int first = o.indexOf("Device Name: lt1\nWebSocketDevice @ " + addr("lt1") + "\nSending command exec ...\n");
        int second = o.indexOf("Device Name: lt2\nWebSocketDevice @ " + addr("lt2") + "\nSending command exec ...\n");
        assertTrue(first > 0 && second > first, o);
        assertTrue(o.substring(first, second).contains("hi from 42"), o);
        assertTrue(o.contains("━".repeat(80)), o);
        // -devs picks members; a non-member is refused with upydev's words
        assertEquals(0, run("exec", "print(1)", "-G", "lab", "-devs", "lt2"), err());
        assertFalse(out().contains("Device Name: lt1"), out());
        assertEquals(Main.ExitCodes.USAGE, run("exec", "print(1)", "-G", "lab", "-devs", "mp1"));
        assertTrue(err().contains("Device mp1 not configured in lab group"), err());
        // -GP: the same group in parallel, prefixed lines
        assertEquals(0, run("exec", "print(7)", "-GP", "lab"), err());
        assertTrue(out().contains("lt1 | 7") && out().contains("lt2 | 7"), out());
    }

    @Test
    @Order(4)
    void setMakesTheCurrentDeviceThatCheckAndPlainCommandsUse() throws Exception {
        assertEquals(0, run("set", "-@", "mp1"), err());
        assertEquals("Setting WebSocketDevice: mp1\nWebSocketDevice mp1 settings saved in working directory!\n", out());
        Path cfg = fx.cli.cwd.resolve("upydev_.config");
        assertTrue(Files.readString(cfg).contains("\"name\": \"mp1\""), Files.readString(cfg));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg)));
        assertEquals(0, run("check"), err());
        assertEquals("Device: mp1\nAddress: " + addr("mp1") + ", Device Type: WebSocketDevice\n", out());
        // no -@: the current device
        assertEquals(0, run("exec", "import sys;print(sys.implementation.name)"), err());
        assertEquals("micropython\n", out());
        assertEquals(0, run("check", "-@", "lt1", "mp1"), err());
        assertEquals("Device: lt1\nAddress: " + addr("lt1") + ", Device Type: WebSocketDevice\n\nDevice: mp1\nAddress: "
                + addr("mp1") + ", Device Type: WebSocketDevice\n", out());
        assertEquals(0, run("check", "-@", "mp1", "-i"), err());
        assertTrue(out().startsWith("Device: mp1\n") && out().contains("Firmware: MicroPython"), out());
        assertEquals(Main.ExitCodes.USAGE, run("check", "-@", "ghost", "lt1"));
        assertTrue(err().contains("Device ghost not configured in global group"), err());
        assertTrue(out().contains("Device: lt1"), "the other names are still checked: " + out());
        assertEquals(Main.ExitCodes.USAGE, run("set", "-@", "ghost"));
        assertTrue(err().contains("Device ghost not configured in global group"), err());
    }

    @Test
    @Order(5)
    void setRtcHostnameAndLocalnameOnTheDevice() throws Exception {
        assertEquals(0, run("exec", "from machine import RTC;RTC().datetime((2001,2,3,5,4,5,6,0));"
                + "import time;print(time.localtime()[:3])", "-@", "mp1"), err());
        assertEquals("(2001, 2, 3)\n", out());
        assertEquals(0, run("set", "rtc", "-@", "mp1"), err());
        assertTrue(out().startsWith("Setting local time: "), out());
        assertEquals(0, run("exec", "import time;print(time.localtime()[0])", "-@", "mp1"), err());
        int year = Integer.parseInt(out().strip());
        assertTrue(Math.abs(year - LocalDate.now().getYear()) <= 1, "device year " + year);

        assertEquals(0, run("set", "hostname", "esp-lab", "-@", "mp1"), err());
        assertEquals(0, run("cat", "hostname.py", "-@", "mp1"), err());
        assertEquals("NAME = 'esp-lab'\n", out());
        assertEquals(0, run("set", "localname", "lab_ble", "-@", "mp1"), err());
        assertEquals(Main.ExitCodes.USAGE, run("set", "hostname", "x;import os", "-@", "mp1"));
        assertTrue(err().contains("set hostname NAME"), err());
        assertEquals(Main.ExitCodes.USAGE, run("set", "clock", "-@", "mp1"));
        assertTrue(err().contains("not one of rtc, localtime, ntptime, hostname, localname"), err());
        // the simulator has no network stack: the device's own error, with its traceback, exit 1
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, run("set", "ntptime", "-@", "mp1"));
        assertTrue(err().contains("ntptime"), err());
        run("rm", "hostname.py", "localname.py", "-@", "mp1");
    }

    @Test
    @Order(6)
    void registerWritesShellFunctionsThatLsdevsLists() throws Exception {
        Path profile = homeDir.resolve(".profile");
        Files.writeString(profile, "export KEEP=1\n");
        Files.setPosixFilePermissions(profile, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(0, run("register", "room", "-@", "mp1"), err());
        assertEquals("Registering Device: mp1 ...\nDevice: mp1 registered as room\nReload .profile with \"$ source "
                + profile + "\" or open a new terminal to apply the new command\n", out());
        assertEquals(0, run("register", "labg", "-@", "lt1", "lt2"), err());
        assertTrue(out().startsWith("Registering Group: labg ...\nGroup: labg registered\n"), out());
        assertEquals(0, run("register", "room", "-@", "lt1"), err()); // again: replaces, no second function
        String text = Files.readString(profile);
        assertTrue(text.startsWith("export KEEP=1\n"), text);
        assertEquals(1, text.split("function room\\(\\)", -1).length - 1, text);
        assertTrue(text.contains("\n#UPYDEV DEVICE lt1\nfunction room() { upyd \"$@\" -@ lt1; }\n"), text);
        assertTrue(text.contains("\n#UPYDEV GROUP labg\nfunction labg() { upyd \"$@\" -@ lt1 lt2; }\n"), text);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(profile)));

        assertEquals(0, run("lsdevs"), err());
        assertEquals("Group: labg\n  ┣━Device: lt1\n  ┃ Address: " + addr("lt1") + ", Device Type: WebSocketDevice\n"
                + "  ┃\n  ┗━Device: lt2\n    Address: " + addr("lt2") + ", Device Type: WebSocketDevice\n   \n"
                + "Device: lt1 registered as room\nAddress: " + addr("lt1") + ", Device Type: WebSocketDevice\n\n", out());

        // the function really runs upyd with the device (bash reads the file as a user's shell would)
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")));
        Process p = new ProcessBuilder("/bin/bash", "-c", ". " + profile + "; upyd() { echo \"ARGS: $*\"; }; room info")
                .redirectErrorStream(true).start();
        assertEquals("ARGS: info -@ lt1\n", new String(p.getInputStream().readAllBytes()));

        assertEquals(Main.ExitCodes.USAGE, run("register", "x;rm -rf ~", "-@", "lt1"));
        assertTrue(err().contains("bad alias"), err());
        assertEquals(Main.ExitCodes.USAGE, run("register", "ghostly", "-@", "ghost"));
        assertEquals(0, run("register", "--rm", "room"), err());
        assertFalse(Files.readString(profile).contains("room"), Files.readString(profile));
        assertEquals(Main.ExitCodes.USAGE, run("register", "--rm", "room"));
    }

    @Test
    @Order(7)
    void probeAndPingOverTheHeldSessions() throws Exception {
        assertEquals(0, run("probe", "-gg"), out() + err());
        assertTrue(out().startsWith("Reaching UPY_G group...\n# UPY_G:\n"), out());
        assertTrue(out().contains("┣━ mp1        -> WebSocketDevice @ " + addr("mp1") + " -> OK [✔]"), out());
        assertEquals(0, run("probe", "-@", "lt1"), err());
        assertEquals("Reaching lt1...\nlt1        -> WebSocketDevice @ " + addr("lt1") + " -> OK [✔]\n", out());

        assertEquals(0, run("ping", "-c", "3", "-i", "0", "-@", "mp1"), err());
        assertTrue(out().contains("reply from mp1: seq=3 time="), out());
        assertTrue(out().contains("3 sent, 3 received, 0% loss, rtt min/avg/max = "), out());
        assertEquals(0, run("ping", "-c", "1", "-gg"), err()); // across the group, in parallel
        assertTrue(out().contains("lt2 | 1 sent, 1 received"), out());
        assertEquals(Main.ExitCodes.USAGE, run("ping", "-c", "0", "-@", "mp1"));
        fx.cli.env.put("PATH", tmp.resolve("empty-path").toString());
        try {
            assertEquals(Main.ExitCodes.USAGE, run("ping", "--icmp", "-@", "mp1"));
            assertTrue(err().contains("--icmp needs the system `ping` program"), err());
        } finally {
            fx.cli.env.remove("PATH");
        }

        l2.stop();
        long deadline = System.currentTimeMillis() + 30_000;
        int code;
        do {
            Thread.sleep(300);
            code = run("probe", "-G", "lab");
        } while (code == 0 && System.currentTimeMillis() < deadline);
        assertEquals(Main.ExitCodes.UNREACHABLE, code, out());
        assertTrue(out().contains("┗━ lt2        -> WebSocketDevice @ " + addr("lt2") + " -> F [✘]"), out());
        assertTrue(out().contains("┣━ lt1        -> WebSocketDevice @ " + addr("lt1") + " -> OK [✔]"), out());
        assertEquals(Main.ExitCodes.UNREACHABLE, run("ping", "-c", "1", "-@", "lt2"));
        assertTrue(out().contains("1 sent, 0 received, 100% loss"), out());
    }

    @Test
    @Order(8)
    void replOpensTheInteractiveReplAndCtrlXLeaves() throws Exception {
        assumeTrue(Tmux.available(), "tmux is needed");
        try (Tmux t = new Tmux("upyd-repl-" + ProcessHandle.current().pid())) {
            java.util.Map<String, String> env = new java.util.HashMap<>(fx.cli.env);
            env.put("UPYD_HISTORY_DIR", tmp.resolve("history").toString());
            env.put("TERM", "xterm-256color");
            t.start(fx.cli.cwd, ProcessCli.shellLine(env, "repl", "-@", "mp1"));
            t.await("REPL mode", 30_000);
            t.type("");
            t.await(">>>", 10_000);
            t.type("print('answer', 6*7)");
            t.await("answer 42", 10_000);
            t.keys("C-x");
            t.await("closing...", 10_000);
        }
        assertEquals(0, run("exec", "print('after repl')", "-@", "mp1"), err());
        assertEquals("after repl\n", out());
    }
}
