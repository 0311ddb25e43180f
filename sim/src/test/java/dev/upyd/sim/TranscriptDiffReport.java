package dev.upyd.sim;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Not a check: prints every difference of full captures (run with -Dupyd.transcriptReport=true). */
@EnabledIfSystemProperty(named = "upyd.transcriptReport", matches = "true")
class TranscriptDiffReport {
    @TempDir
    Path dir;

    @Test
    void report() throws Exception {
        for (SimSettings.BackendKind b : SimSettings.BackendKind.values()) {
            for (String f : List.of("01_wss_login_friendly_repl.jsonl", "02_wss_raw_repl.jsonl", "08_wss_get_ver.jsonl",
                    "22_ws_login_repl_put_get.jsonl")) {
                TranscriptReplayTest t = new TranscriptReplayTest();
                t.dir = java.nio.file.Files.createTempDirectory(dir, "d");
                t.startDevice(b);
                try {
                    List<String> d = t.replay(TranscriptReplayTest.exchanges(f), TranscriptReplayTest.V128,
                            TranscriptReplayTest.V127);
                    System.out.println("=== " + b + " " + f + ": " + d.size() + " differences");
                    d.forEach(x -> System.out.println("  " + x));
                } catch (Exception e) {
                    System.out.println("=== " + b + " " + f + ": " + e);
                } finally {
                    t.stop();
                }
            }
        }
    }
}
