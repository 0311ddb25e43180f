package dev.upyd.sim.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.sim.SimMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The --hostile option's words and the switch a test flips at run time. */
class HostileModeTest {
    @Test
    void parsesCommaSeparatedOptionNames() {
        assertEquals(EnumSet.of(HostileMode.FLOOD, HostileMode.ANSI), HostileMode.parse("flood, ANSI"));
        assertEquals(EnumSet.of(HostileMode.GET_ENDLESS), HostileMode.parse("get_endless"));
        assertEquals(Set.of(), HostileMode.parse("off"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostileMode.parse("flood,nuke"));
        assertTrue(e.getMessage().contains("'nuke'") && e.getMessage().contains("flood-no-end"), e.getMessage());
    }

    @Test
    void everyModeHasAnOptionNameThatParsesBack() {
        for (HostileMode m : HostileMode.values()) {
            assertEquals(EnumSet.of(m), HostileMode.parse(m.option()));
        }
    }

    @Test
    void controlSwitchesAtRunTime() {
        HostileControl c = new HostileControl(EnumSet.of(HostileMode.ANSI));
        assertTrue(c.has(HostileMode.ANSI));
        c.set(HostileMode.FLOOD, HostileMode.WB_STATUS);
        assertEquals(EnumSet.of(HostileMode.FLOOD, HostileMode.WB_STATUS), c.modes());
        c.off();
        assertTrue(c.modes().isEmpty());
    }

    @Test
    void helpListsEveryMode() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            SimMain.main(new String[] {"--help"});
        } finally {
            System.setOut(saved);
        }
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--hostile MODES"), help);
        for (HostileMode m : HostileMode.values()) {
            assertTrue(help.contains(m.option()), m.option() + " missing from:\n" + help);
        }
    }
}
