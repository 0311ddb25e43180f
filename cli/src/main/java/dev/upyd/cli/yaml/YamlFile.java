package dev.upyd.cli.yaml;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads upydev's YAML files (playbooks, device test files) as plain data. SafeConstructor only: a file
 * someone hands you must not be able to instantiate Java classes. Duplicate keys are refused (upydev's
 * PyYAML would silently keep the last one, which hides typos), and size, nesting and aliases are bounded.
 */
public final class YamlFile {
    static final int MAX_BYTES = 1 << 20;
    private static final int MAX_NESTING = 50;
    private static final int MAX_ALIASES = 50;

    private YamlFile() {
    }

    /** The document of {@code file}; a missing, unreadable or malformed file is a CliException naming it. */
    public static Object read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new CliException(Main.ExitCodes.USAGE, file + ": larger than " + MAX_BYTES / 1024 + " KiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, file + ": no such file");
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot read " + file + ": " + e.getMessage());
        }
        return parse(bytes, file.getFileName().toString());
    }

    /** Parses one YAML document; {@code origin} names it in errors. */
    public static Object parse(byte[] bytes, String origin) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CliException(Main.ExitCodes.USAGE, origin + ": not UTF-8 text");
        }
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        o.setMaxAliasesForCollections(MAX_ALIASES);
        o.setNestingDepthLimit(MAX_NESTING);
        o.setCodePointLimit(MAX_BYTES);
        try {
            return new Yaml(new SafeConstructor(o)).load(text);
        } catch (YAMLException e) {
            // SnakeYAML's message names the line and column, and shows the offending line
            throw new CliException(Main.ExitCodes.USAGE, origin + ": not valid YAML: "
                    + e.getMessage().replace(" in 'string', ", " at ").strip());
        }
    }
}
