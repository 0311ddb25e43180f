package dev.upyd.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.CliHarness;
import dev.upyd.cli.Main;
import dev.upyd.cli.grammar.UpydevGrammar;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Every upydev command line of the seed and of the spec (§4, §5, §7, §8), parsed exactly as
 * {@code bin/upyd} parses it (grammar rewrite + picocli), with the resulting command and options checked.
 */
class CommandLineParseTest {
    @TempDir
    Path tmp;
    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(tmp);
    }

    private Object parse(String... args) {
        CommandLine cl = cli.commandLine();
        String[] argv = new UpydevGrammar(new HashSet<>(cl.getSubcommands().keySet())).rewrite(args);
        ParseResult pr = cl.parseArgs(argv);
        assertTrue(pr.hasSubcommand(), String.join(" ", args));
        return pr.subcommand().commandSpec().userObject();
    }

    @Test
    void shellForms() {
        ShellCommand a = (ShellCommand) parse("shl@esp_room1");
        assertEquals(List.of("esp_room1"), a.targets.names);
        ShellCommand b = (ShellCommand) parse("shell", "esp_room1");
        assertEquals("esp_room1", b.positionalDevice());
        ShellCommand c = (ShellCommand) parse("shl", "-@", "esp_room1");
        assertEquals(List.of("esp_room1"), c.targets.names);
        ShellCommand d = (ShellCommand) parse("shell@esp_room1");
        assertEquals(List.of("esp_room1"), d.targets.names);
    }

    @Test
    void pythonLineAsTheCommand() {
        ExecCommand e = (ExecCommand) parse("print(1)", "-@", "esp_room1");
        assertEquals("print(1)", e.code());
        assertEquals(List.of("esp_room1"), e.targets.names);
        assertNull(e.positionalDevice());

        ExecCommand g = (ExecCommand) parse("import os; os.listdir()", "-@", "a", "b", "c");
        assertEquals(List.of("a", "b", "c"), g.targets.names);
        assertEquals("import os; os.listdir()", g.code());

        ExecCommand w = (ExecCommand) parse("print(-1)", "-@", "esp*");
        assertEquals(List.of("esp*"), w.targets.names);

        ExecCommand gg = (ExecCommand) parse("led.on()", "-gg");
        assertTrue(gg.targets.globalGroup);

        ExecCommand grp = (ExecCommand) parse("led.on()", "-G", "kitchen");
        assertEquals("kitchen", grp.targets.group);
    }

    @Test
    void cleanExecForm() {
        ExecCommand e = (ExecCommand) parse("exec", "esp1", "print(1)");
        assertEquals("esp1", e.positionalDevice());
        assertEquals("print(1)", e.code());
        ExecCommand f = (ExecCommand) parse("exec", "print(2)", "-@", "esp1");
        assertNull(f.positionalDevice());
        assertEquals("print(2)", f.code());
        ExecCommand single = (ExecCommand) parse("exec", "print(3)");
        assertNull(single.positionalDevice());
        assertEquals("print(3)", single.code());
    }

    @Test
    void configAsUpydevWritesIt() {
        ConfigCommand c = (ConfigCommand) parse("config", "-t", "esp_room1.local", "-p", "mypasswd:mypassphr", "-@",
                "esp_room1", "-gg");
        assertEquals("esp_room1.local", c.address);
        assertEquals("mypasswd:mypassphr", c.secret);
        assertEquals("esp_room1", c.name);
        assertTrue(c.globalGroup);
        ConfigCommand r = (ConfigCommand) parse("config", "--rm", "esp_room1");
        assertEquals("esp_room1", r.remove);
        assertTrue(((ConfigCommand) parse("config", "-l")).list);
    }

    @Test
    void transfers() {
        PutCommand p = (PutCommand) parse("put", "main.py", "boot.py", "-dir", "lib", "-@", "esp_room1");
        assertEquals(List.of("main.py", "boot.py"), p.files);
        assertEquals("lib", p.dir);
        assertEquals(List.of("esp_room1"), p.targets.names);
        GetCommand g = (GetCommand) parse("get", "*.py", "-dir", "lib", "-@", "esp_room1");
        assertEquals(List.of("*.py"), g.files);
        assertEquals("lib", g.dir);
        GetCommand at = (GetCommand) parse("get@esp_room1", "main.py");
        assertEquals(List.of("esp_room1"), at.targets.names);
        assertEquals(List.of("main.py"), at.files);

        DsyncCommand d = (DsyncCommand) parse("dsync", "-d", "-rf", "-n", "-@", "esp_room1");
        assertTrue(d.fromDevice && d.delete && d.dryRun);
        DsyncCommand d2 = (DsyncCommand) parse("dsync", "lib", "-rf", "-@", "esp1");
        assertEquals(List.of("lib"), d2.paths);
        assertFalse(d2.fromDevice);
    }

    /** upydev's transfer and run flags (spec §5.5, §7, §8) exactly as its docs write them. */
    @Test
    void upydevTransferAndRunFlagsAsWritten() {
        PutCommand p = (PutCommand) parse("put", "main.py", "boot.py", "-rst", "-@", "esp_room1");
        assertTrue(p.reset);
        assertEquals(List.of("main.py", "boot.py"), p.files);
        assertEquals(List.of("esp_room1"), p.targets.names);
        PutCommand pd = (PutCommand) parse("put", "lib/*.py", "-dir", "lib", "-rst", "-@", "esp_room1");
        assertTrue(pd.reset);
        assertEquals("lib", pd.dir);
        assertFalse(((PutCommand) parse("put", "main.py", "-@", "d")).reset);
        PutCommand pat = (PutCommand) parse("put@esp_room1", "main.py", "-rst");
        assertTrue(pat.reset);
        assertEquals(List.of("esp_room1"), pat.targets.names);

        GetCommand g = (GetCommand) parse("get", "*.py", "-dir", "lib", "-d", "2", "-fg", "-b", "1024", "-@", "esp_room1");
        assertEquals(List.of("*.py"), g.files);
        assertEquals("lib", g.dir);
        assertEquals(2, g.depth);
        assertTrue(g.waGet);
        assertEquals(1024, g.buffer);
        GetCommand g0 = (GetCommand) parse("get", "boot.py", "-@", "esp_room1");
        assertEquals(0, g0.depth);
        assertFalse(g0.waGet);
        assertEquals(512, g0.buffer);
        GetCommand gb = (GetCommand) parse("get", "data.csv", "-b", "512", "-@", "esp_room1");
        assertEquals(512, gb.buffer);

        DsyncCommand d = (DsyncCommand) parse("dsync", "-rf", "-d", "-fg", "-b", "512", "-t", "-f", "-p", "-n", "-i",
                "*.pyc", "r!.*\\.log", "r:tmp*", "-@", "esp_room1");
        assertTrue(d.delete && d.fromDevice && d.waGet && d.tree && d.force && d.showDiff && d.dryRun);
        assertEquals(512, d.buffer);
        assertEquals(List.of("*.pyc", "r!.*\\.log", "r:tmp*"), d.ignore);
        assertEquals(List.of("esp_room1"), d.targets.names);
        assertEquals(List.of(), d.paths);
        DsyncCommand dl = (DsyncCommand) parse("dsync", "lib", "-t", "-p", "-i", "tests", "-@", "esp1");
        assertEquals(List.of("lib"), dl.paths);
        assertEquals(List.of("tests"), dl.ignore);
        assertTrue(dl.tree && dl.showDiff);
        assertFalse(dl.force || dl.fromDevice);
        DsyncCommand app = (DsyncCommand) parse("dsync", "-app", "-@", "esp1");
        assertTrue(app.applyStash);
        assertTrue(((DsyncCommand) parse("dsync", "-s", "-@", "esp1")).showStash);
        DsyncCommand at = (DsyncCommand) parse("dsync@esp_room1", "-d", "-fg");
        assertTrue(at.fromDevice && at.waGet);

        RunCommand r = (RunCommand) parse("run", "main.py", "-r", "-@", "esp_room1");
        assertTrue(r.reloadable);
        assertEquals("main.py", r.script);
        RunCommand rs = (RunCommand) parse("run", "job.py", "-s", "lib", "-@", "d");
        assertEquals("lib", rs.dir);
        assertFalse(rs.reloadable);
    }

    /** Refusals and bad numbers are usage errors (exit 2) named clearly, decided before any daemon is asked. */
    @Test
    void upydevFlagsUpydDoesNotDoOrBadNumbersExitTwo() {
        assertEquals(Main.ExitCodes.USAGE, cli.run("dsync", "-app", "-@", "esp1"));
        assertTrue(cli.err.contains("dsync -app: upydev's stash is not supported by upyd: use -n to preview"), cli.err);
        assertEquals(Main.ExitCodes.USAGE, cli.run("dsync", "-s", "-@", "esp1"));
        assertTrue(cli.err.contains("dsync -s: upydev's stash is not supported by upyd: use -n to preview"), cli.err);
        assertEquals(Main.ExitCodes.USAGE, cli.run("get", "a.py", "-b", "0", "-@", "esp1"));
        assertTrue(cli.err.contains("get -b must be a positive number of bytes, not 0"), cli.err);
        assertEquals(Main.ExitCodes.USAGE, cli.run("get", "a.py", "-d", "-1", "-@", "esp1"));
        assertTrue(cli.err.contains("get -d must be 0 or more levels, not -1"), cli.err);
        assertEquals(Main.ExitCodes.USAGE, cli.run("dsync", "-b", "-5", "-@", "esp1"));
        assertTrue(cli.err.contains("dsync -b must be a positive number of bytes, not -5"), cli.err);
        assertEquals(Main.ExitCodes.USAGE, cli.run("dsync", "-i", "r!(unclosed", "-@", "esp1"));
        assertTrue(cli.err.contains("dsync -i r!(unclosed: not a valid regular expression"), cli.err);
        assertEquals(Main.ExitCodes.USAGE, cli.run("get", "a.py", "-b", "lots", "-@", "esp1"));
        // the documented no-ops say so in --help
        assertEquals(0, cli.run("get", "--help"));
        assertTrue(cli.out.contains("-fg") && cli.out.contains("-b=N") && cli.out.contains("no effect"), cli.out);
        assertEquals(0, cli.run("dsync", "--help"));
        assertTrue(cli.out.contains("-app") && cli.out.contains("not supported by upyd"), cli.out);
        assertEquals(0, cli.run("put", "--help"));
        assertTrue(cli.out.contains("-rst"), cli.out);
    }

    @Test
    void fileSystemAndDeviceCommands() {
        assertEquals(List.of("esp*"), ((LsCommand) parse("ls", "-@", "esp*")).targets.names);
        assertTrue(((LsCommand) parse("ls", "-a", "lib", "-@", "d")).all);
        assertTrue(((LsCommand) parse("ls", "-gg", "--json")).json);
        assertEquals("mygroup", ((LsCommand) parse("ls", "-G", "mygroup")).targets.group);
        assertEquals(List.of("gg"), ((InfoCommand) parse("info", "-@", "gg")).targets.names);
        RmCommand rm = (RmCommand) parse("rm", "-rf", "lib", "old.py", "-@", "d");
        assertTrue(rm.recursive);
        assertEquals(List.of("lib", "old.py"), rm.paths);
        assertEquals(List.of("lib"), ((MkdirCommand) parse("mkdir", "lib", "-@", "d")).dirs);
        MvCommand mv = (MvCommand) parse("mv", "a.py", "b.py", "-@", "d");
        assertEquals("a.py", mv.from);
        assertEquals("b.py", mv.to);
        assertEquals("lib", ((TreeCommand) parse("tree", "lib", "-@", "d")).dir);
        parse("du", "-@", "d");
        parse("df", "-@", "d");
        assertTrue(((MemCommand) parse("mem", "-@", "esp_room1", "--json")).json);
        parse("info", "-@", "d");
        parse("id", "-@", "d");
        parse("uptime", "-@", "d");
        assertFalse(((ResetCommand) parse("reset", "-@", "d")).hard);
        assertTrue(((ResetCommand) parse("reset", "-hr", "-@", "d")).hard);
        parse("kbi", "-@", "d");
        assertEquals("main.py", ((RunCommand) parse("run", "main.py", "-@", "d")).script);
        assertEquals(List.of(Path.of("script.py")), ((LoadCommand) parse("load", "script.py", "-@", "d")).files);
        assertEquals(List.of("boot.py"), ((CatCommand) parse("cat", "boot.py", "-@", "d")).files);
        parse("status");
        parse("unlock");
        parse("lock");
        parse("gg");
    }

    @Test
    void deviceCommandsWithoutDaemonSayHowToStartIt() {
        String[][] lines = {
                {"shl@esp_room1"}, {"print(1)", "-@", "esp_room1"}, {"exec", "esp1", "print(1)"}, {"ls", "-@", "esp*"},
                {"put", "a.py", "-@", "d"}, {"get", "a.py", "-@", "d"}, {"status"}, {"mem", "-gg"}, {"unlock"},
                {"lock"}, {"reset", "-hr", "-@", "d"}, {"dsync", "-@", "d"}};
        try {
            java.nio.file.Files.writeString(tmp.resolve("a.py"), "print(1)\n");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        cli.env.put("UPYD_HOST_PASSPHRASE", "not-used");
        for (String[] l : lines) {
            int code = cli.run(l);
            assertEquals(Main.ExitCodes.NO_DAEMON, code, String.join(" ", l) + ": " + cli.err);
            assertTrue(cli.err.contains("upyd daemon is not running (socket " + tmp.resolve("no-daemon.sock")),
                    cli.err);
            assertTrue(cli.err.contains("start it with `upyd daemon` or `systemctl --user start upyd`"), cli.err);
        }
    }

    @Test
    void usageErrorsExitWithUsageCode() {
        assertEquals(Main.ExitCodes.USAGE, cli.run("put"));
        assertTrue(cli.err.contains("Missing required parameter"), cli.err);
        assertEquals(Main.ExitCodes.USAGE, cli.run("mv", "only-one", "-@", "d"));
        assertEquals(Main.ExitCodes.USAGE, cli.run("uhelp", "-gg"));
        assertTrue(cli.err.contains("upydev command that upyd does not implement"), cli.err);
        assertEquals(Main.ExitCodes.USAGE, cli.run("ls", "--no-such-flag"));
    }

    @Test
    void helpOnEveryVerb() {
        Map<String, CommandLine> subs = cli.commandLine().getSubcommands();
        assertTrue(subs.keySet().containsAll(List.of("exec", "shell", "shl", "status", "config", "put", "get", "dsync",
                "ls", "cat", "rm", "mkdir", "mv", "tree", "du", "df", "mem", "info", "id", "uptime", "reset", "kbi",
                "run", "load", "unlock", "lock", "gg")), subs.keySet().toString());
        for (String verb : subs.keySet()) {
            if (verb.equals("help")) {
                continue;
            }
            assertEquals(0, cli.run(verb, "--help"), verb + ": " + cli.err);
            assertTrue(cli.out.contains("Usage: upyd " + verb) || cli.out.contains("Usage: upyd "
                    + subs.get(verb).getCommandName()), verb + ": " + cli.out);
            assertEquals(0, cli.run(verb, "-h"), verb);
        }
    }

    @Test
    void versionAndTopLevelHelp() {
        assertEquals(0, cli.run("--version"));
        assertTrue(cli.out.startsWith("upyd 0."), cli.out);
        assertEquals(0, cli.run());
        assertTrue(cli.out.contains("Usage: upyd"), cli.out);
        assertTrue(cli.out.contains("shell"), cli.out);
    }
}
