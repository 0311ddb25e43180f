package dev.upyd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {
    @Test
    void quickSwapsInTheQuickDefaultsAndOptionsWin() {
        assertEquals(1000, BenchSettings.of(Map.of(), false).getInt(BenchSettings.DEVICES));
        assertEquals(100, BenchSettings.of(Map.of(), true).getInt(BenchSettings.DEVICES));
        assertEquals(50, BenchSettings.of(Map.of("devices", "50"), true).getInt(BenchSettings.DEVICES));
    }

    @Test
    void unknownOptionsAndBadNumbersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchSettings.of(Map.of("devcies", "5"), false));
        assertTrue(e.getMessage().contains("--devcies"), e.getMessage());
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> BenchSettings.of(Map.of("devices", "-3"), false).getInt(BenchSettings.DEVICES));
        assertTrue(n.getMessage().contains("--devices") && n.getMessage().contains("UPYD_BENCH_DEVICES"),
                n.getMessage());
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, BenchMain.run(new String[] {"p9"}));
        assertEquals(2, BenchMain.run(new String[] {"--devices", "many", "p4"}));
    }
}
