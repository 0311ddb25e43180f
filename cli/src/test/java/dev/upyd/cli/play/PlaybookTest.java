package dev.upyd.cli.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** upydev's task files read into plays and tasks; a bad file is refused before anything runs. */
class PlaybookTest {
    @TempDir
    Path tmp;

    private List<Playbook> read(String yaml) throws Exception {
        Path f = tmp.resolve("p.yaml");
        Files.writeString(f, yaml);
        return Playbook.read(f);
    }

    private String refused(String yaml) {
        CliException e = assertThrows(CliException.class, () -> read(yaml));
        assertEquals(Main.ExitCodes.USAGE, e.exitCode());
        return e.getMessage();
    }

    @Test
    void upydevsExamplePlaybookReadsAsWritten() throws Exception {
        List<Playbook> plays = read("""
                ---
                - name: Example playbook
                  hosts: espdev, gkesp32, pybV1.1
                  tasks:
                    - name: Load upysh
                      command: "import upysh"
                    - name: Raw MP command
                      command: "import time;print('hello')"
                      command_nb: "led.on();time.sleep(1);led.off()"
                      include: pybV1.1
                    - name: Test load script
                      wait: 5
                      load: sample.py
                      ignore: [espdev, gkesp32]
                      reset: soft
                """);
        assertEquals(1, plays.size());
        Playbook p = plays.get(0);
        assertEquals("Example playbook", p.name());
        assertEquals(List.of("espdev", "gkesp32", "pybV1.1"), p.hosts());
        assertEquals(3, p.tasks().size());
        PlayTask raw = p.tasks().get(1);
        assertEquals("led.on();time.sleep(1);led.off()", raw.commandNonBlocking());
        assertTrue(raw.runsOn("pybV1.1"));
        assertFalse(raw.runsOn("espdev"), "include names the only hosts");
        PlayTask load = p.tasks().get(2);
        assertEquals(5, load.waitSeconds());
        assertEquals("sample.py", load.load());
        assertEquals("soft", load.reset());
        assertFalse(load.runsOn("gkesp32"));
        assertTrue(load.runsOn("pybV1.1"));
    }

    @Test
    void aPlayWithoutHostsTakesTheCommandLinesTargets() throws Exception {
        assertNull(read("- name: x\n  tasks:\n    - name: t\n      command: ls\n").get(0).hosts());
    }

    @Test
    void mistakesAreNamedWithThePlayAndTask() {
        assertTrue(refused("- name: P\n  tasks:\n    - name: T\n      comand: ls\n")
                .startsWith("p.yaml: play 1 (P): task 1: unknown directive 'comand' (known: command, command_nb,"));
        assertTrue(refused("- name: P\n  tasks:\n    - name: T\n      wait: soon\n")
                .contains("p.yaml: play 1 (P): task 1 (T): 'wait' must be a whole number"));
        assertTrue(refused("- name: P\n").contains("'tasks' is missing"));
        assertTrue(refused("- name: P\n  hosts: ' , '\n  tasks: []\n").contains("'hosts' names no device"));
        assertTrue(refused("- name: P\n  tasks: {name: T}\n").contains("p.yaml: play 1 (P): tasks: expected a list"));
        assertTrue(refused("- tasks: []\n").contains("'name' is missing"));
        assertTrue(refused("name: P\n").startsWith("p.yaml: expected a list"));
        assertTrue(refused("- name: P\n  tasks:\n    - name: [a\n").startsWith("p.yaml: not valid YAML: "));
        assertTrue(refused("").contains("no play in the file"));
    }
}
