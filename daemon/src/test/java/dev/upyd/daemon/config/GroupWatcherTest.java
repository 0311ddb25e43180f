package dev.upyd.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupWatcherTest {
    @TempDir
    Path tmp;

    @Test
    void corruptFileLaterKeepsTheLastGoodOneAndSaysWhy() throws Exception {
        Path f = GroupConfig.fileIn(tmp);
        GroupConfig.empty().with(GroupEntry.of("a", "10.0.0.1", "pw")).write(f);
        GroupWatcher w = GroupWatcher.start(f);
        assertEquals(1, w.current().entries().size());

        List<String> logged = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger(GroupWatcher.class.getName()).addHandler(h);
        try {
            Files.writeString(f, "{\"a\": [\"10.0.0.1\", \"pw\"], \"b\": ", StandardCharsets.UTF_8);
            assertTrue(w.poll().isEmpty());
            assertEquals(1, w.current().entries().size());
            assertEquals(1, logged.size());
            assertTrue(logged.get(0).contains(f.toString()) && logged.get(0).contains("keeping"), logged.get(0));
            assertTrue(w.poll().isEmpty(), "unchanged corrupt file: no second report");
            assertEquals(1, logged.size());

            GroupConfig.empty().with(GroupEntry.of("a", "10.0.0.1", "pw")).with(GroupEntry.of("b", "10.0.0.2", "pw:ph"))
                    .write(f);
            GroupConfig c = w.poll().orElseThrow();
            assertEquals(2, c.entries().size());
            assertTrue(c.entries().get(1).wantsTls());
        } finally {
            Logger.getLogger(GroupWatcher.class.getName()).removeHandler(h);
        }
    }
}
