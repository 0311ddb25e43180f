package dev.upyd.cli.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.upyd.cli.Main;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutExitCodeTest {
    private static FanOut.DeviceResult r(String n, int code) {
        return new FanOut.DeviceResult(n, code, "", "", 1, null);
    }

    @Test
    void allOkIsZeroSameFailureKeepsItsCodeMixedFailuresAreSomeFailed() {
        assertEquals(0, FanOut.exitCode(List.of(r("a", 0), r("b", 0))));
        assertEquals(Main.ExitCodes.UNREACHABLE, FanOut.exitCode(List.of(r("a", 0), r("b", 3), r("c", 3))));
        assertEquals(Main.ExitCodes.SOME_FAILED, FanOut.exitCode(List.of(r("a", 1), r("b", 3))));
    }
}
