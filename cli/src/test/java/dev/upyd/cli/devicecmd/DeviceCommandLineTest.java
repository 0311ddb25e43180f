package dev.upyd.cli.devicecmd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.CliHarness;
import dev.upyd.cli.Main;
import dev.upyd.cli.command.FastExec;
import dev.upyd.cli.grammar.UpydevGrammar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command lines, without a daemon. */
class DeviceCommandLineTest {
    @TempDir
    Path tmp;

    @Test
    void upydevSpellingsAreVerbsNotPythonOrRefusals() {
        UpydevGrammar g = new UpydevGrammar(Main.commandNames());
        assertArrayEquals(new String[] {"update_upyutils", "-@", "esp"}, g.rewrite("update_upyutils", "-@", "esp"));
        assertArrayEquals(new String[] {"set_wss", "-@", "esp"}, g.rewrite("set_wss@esp"));
        assertArrayEquals(new String[] {"update_upyutils", "upyd_*.py", "-@", "esp"}, g.rewrite("update_upyutils@esp", "upyd_*.py"));
        assertNull(FastExec.match(new String[] {"set_wss", "-@", "esp"}, Main.commandNames()), "not a Python line");
        assertNull(FastExec.match(new String[] {"update_upyutils", "-@", "esp"}, Main.commandNames()));
    }

    @Test
    void helpAndUsageErrorsNeedNoDaemon() {
        CliHarness cli = new CliHarness(tmp);
        assertEquals(0, cli.run("device", "--help"));
        assertTrue(cli.out.contains("enable-wss") && cli.out.contains("status"), cli.out);
        assertEquals(0, cli.run("update_upyutils", "--help"));
        assertTrue(cli.out.contains("--from") && cli.out.contains("PATTERN"), cli.out);
        assertEquals(0, cli.run("set_wss", "--help"));
        assertTrue(cli.out.contains("--dry-run") && cli.out.contains("default: 30"), cli.out);
        assertEquals(Main.ExitCodes.USAGE, cli.run("device", "status", "--dry-run", "-@", "esp"));
        assertTrue(cli.err.contains("--dry-run does not apply"), cli.err);
        assertEquals(Main.ExitCodes.USAGE, cli.run("device", "enable-wss", "upyd_fs.py", "-@", "esp"));
        assertEquals(Main.ExitCodes.USAGE, cli.run("device", "bogus", "-@", "esp"));
        assertTrue(cli.err.contains("unknown action 'bogus'"), cli.err);
        assertEquals(Main.ExitCodes.NO_DAEMON, cli.run("update_upyutils", "-@", "esp"));
    }
}
