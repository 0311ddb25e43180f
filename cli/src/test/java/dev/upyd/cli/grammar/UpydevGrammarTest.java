package dev.upyd.cli.grammar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class UpydevGrammarTest {
    private final UpydevGrammar g = new UpydevGrammar(Set.of("shell", "shl", "exec", "put", "config", "kg", "ls", "status"));

    @Test
    void commandAtNameBecomesTargetOption() {
        assertArrayEquals(new String[] {"shl", "-@", "esp_room1"}, g.rewrite("shl@esp_room1"));
        assertArrayEquals(new String[] {"put", "a.py", "b.py", "-@", "esp1"}, g.rewrite("put@esp1", "a.py", "b.py"));
        assertArrayEquals(new String[] {"exec", "-@", "esp1", "--", "-1"}, g.rewrite("exec@esp1", "--", "-1"));
    }

    @Test
    void barePythonBecomesExecWithCodeAfterDoubleDash() {
        assertArrayEquals(new String[] {"exec", "-@", "esp_room1", "--", "print(1)"},
                g.rewrite("print(1)", "-@", "esp_room1"));
        assertArrayEquals(new String[] {"exec", "-gg", "--", "import os; os.listdir()"},
                g.rewrite("import os; os.listdir()", "-gg"));
    }

    @Test
    void pythonWithAnAtSignIsNotMistakenForATarget() {
        assertArrayEquals(new String[] {"exec", "-@", "d", "--", "a@b"}, g.rewrite("a@b", "-@", "d"));
        assertArrayEquals(new String[] {"exec", "-@", "d", "--", "x = m @ n"}, g.rewrite("x = m @ n", "-@", "d"));
    }

    @Test
    void cleanFormsAndGlobalOptionsPassUnchanged() {
        String[][] same = {
                {"exec", "esp1", "print(1)"}, {"shell", "esp1"}, {"--version"}, {"--help"},
                {"config", "-t", "esp_room1.local", "-p", "pw:phrase", "-@", "esp_room1", "-gg"},
                {"kg", "ssl", "CA", "-tfkey"}, {"ls", "-@", "esp*"}, {}};
        for (String[] s : same) {
            assertArrayEquals(s, g.rewrite(s));
        }
    }

    @Test
    void upydevOnlyCommandsAreRefusedByName() {
        UpydevGrammar.GrammarException e = assertThrows(UpydevGrammar.GrammarException.class,
                () -> g.rewrite("uhelp", "-gg"));
        assertTrue(e.getMessage().contains("`uhelp` is an upydev command"), e.getMessage());
        assertThrows(UpydevGrammar.GrammarException.class, () -> g.rewrite("flash", "fw.bin", "-@", "d"));
    }
}
