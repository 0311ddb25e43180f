package dev.upyd.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/** Writes the bash/zsh completion script (picocli's AutoComplete over the full command tree). Used by scripts/make-cds.sh. */
public final class Completion {
    private Completion() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "upyd.bash");
        Files.writeString(out, AutoComplete.bash("upyd", Main.commandLine()), StandardCharsets.UTF_8);
    }
}
