package dev.upyd.pki;

import java.nio.file.Path;

/** The passphrase did not open an encrypted key. Never carries the passphrase itself. */
public final class WrongPassphraseException extends KeyFileException {
    private static final long serialVersionUID = 1L;

    public WrongPassphraseException(Path file) {
        super(file, "wrong passphrase (the key could not be decrypted)");
    }
}
