package dev.upyd.cli.kg;

import dev.upyd.cli.Main.ExitCodes;
import dev.upyd.pki.KeyFileException;
import dev.upyd.pki.WrongPassphraseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where passphrases come from, in this order: a file given on the command line, an environment
 * variable, the terminal (no echo). Scripts get one try and a clear error; a person gets re-prompted.
 * No passphrase ever reaches an output stream or an exception message.
 */
final class Passphrases {
    /** Opens a key with a passphrase; thrown {@link WrongPassphraseException} means "ask again". */
    @FunctionalInterface
    interface Opener<T> {
        T open(char[] passphrase) throws KeyFileException;
    }

    private final KgSettings settings;
    private final PrintWriter err;

    Passphrases(KgSettings settings, PrintWriter err) {
        this.settings = settings;
        this.err = err;
    }

    /** A passphrase for a key about to be created: asked twice at a terminal. */
    char[] fresh(String what, String fileOption, Path file, String envVar) throws KgException {
        char[] given = given(file, envVar);
        if (given != null) {
            return given;
        }
        Terminal t = requireTerminal(what, fileOption, envVar);
        for (int i = 0; i < KgSettings.PASSPHRASE_ATTEMPTS; i++) {
            char[] a = t.readSecret("Passphrase for the new " + what + " key: ");
            if (a == null) {
                break;
            }
            if (a.length == 0) {
                err.println("An empty passphrase would leave the key unprotected, try again...");
                continue;
            }
            char[] b = t.readSecret("Passphrase again: ");
            if (b != null && Arrays.equals(a, b)) {
                Arrays.fill(b, '\0');
                return a;
            }
            Arrays.fill(a, '\0');
            if (b != null) {
                Arrays.fill(b, '\0');
            }
            err.println("Passphrases do not match, try again...");
            err.flush();
        }
        throw new KgException(ExitCodes.AUTH, "no passphrase for the new " + what + " key was entered");
    }

    /**
     * Opens an existing key. Given passphrases (file, environment) get one try; at a terminal upydev's
     * "Passphrase incorrect, try again..." and a new prompt, up to {@link KgSettings#PASSPHRASE_ATTEMPTS}.
     */
    <T> T open(String what, Path keyFile, String fileOption, Path file, String envVar, Opener<T> opener) throws KgException,
            KeyFileException {
        char[] given = given(file, envVar);
        if (given != null) {
            try {
                return opener.open(given);
            } catch (WrongPassphraseException e) {
                String source = file != null ? file.toString() : envVar;
                throw new KgException(ExitCodes.AUTH, "Passphrase incorrect: the passphrase from " + source
                        + " does not open " + keyFile);
            } finally {
                Arrays.fill(given, '\0');
            }
        }
        Terminal t = requireTerminal(what, fileOption, envVar);
        for (int i = 0; i < KgSettings.PASSPHRASE_ATTEMPTS; i++) {
            char[] p = t.readSecret("Enter passphrase for " + what + " key :");
            if (p == null) {
                break;
            }
            try {
                return opener.open(p);
            } catch (WrongPassphraseException e) {
                err.println("Passphrase incorrect, try again...");
                err.flush();
            } finally {
                Arrays.fill(p, '\0');
            }
        }
        throw new KgException(ExitCodes.AUTH, "Passphrase incorrect: " + keyFile + " was not opened");
    }

    private char[] given(Path file, String envVar) throws KgException {
        if (file != null) {
            return fromFile(file);
        }
        String v = envVar == null ? null : settings.env(envVar);
        return v == null ? null : v.toCharArray();
    }

    /** The file's first line (a trailing newline is not part of the passphrase). */
    private static char[] fromFile(Path file) throws KgException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KgException(ExitCodes.USAGE, "passphrase file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        String s = new String(bytes, StandardCharsets.UTF_8);
        Arrays.fill(bytes, (byte) 0);
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl);
        }
        if (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            throw new KgException(ExitCodes.USAGE, "passphrase file " + file + " is empty");
        }
        return s.toCharArray();
    }

    private Terminal requireTerminal(String what, String fileOption, String envVar) throws KgException {
        Terminal t = settings.terminal();
        if (!t.interactive()) {
            throw new KgException(ExitCodes.USAGE, "the " + what + " key needs a passphrase and there is no "
                    + "terminal to ask: set " + envVar + " or use " + fileOption + " FILE");
        }
        return t;
    }
}
