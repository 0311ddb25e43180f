package dev.upyd.cli.firmware;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * An ESP32 application image, the only thing an OTA partition may hold, checked on the host before a
 * single byte goes to the device. Accepted inputs: the app itself ({@code micropython.bin},
 * micropython.org's {@code .app-bin}), or a combined download image ({@code .bin}, bootloader + partition
 * table + app) from which the app is cut out where the image's own partition table says it starts
 * (upydev cuts a fixed 0xF000, right only for chips whose bootloader sits at 0x1000). The structure is
 * walked (ESP-IDF's {@code esp_image_header_t}, segments, XOR checksum, appended SHA-256) so that a
 * truncated or corrupted file is refused with the reason.
 */
public record AppImage(byte[] bytes, int sourceOffset, int chipId, String version, String project, boolean combined) {
    public static final int MAGIC = 0xE9;
    static final int APP_DESC_MAGIC = 0xABCD5432;
    static final int HEADER = 24;
    static final int MAX_SEGMENTS = 16;
    /** Larger than any ESP32 flash image: bounds what is read into memory. */
    static final long MAX_FILE = 32L << 20;
    private static final Map<Integer, String> CHIPS = Map.of(0, "ESP32", 2, "ESP32-S2", 5, "ESP32-C3", 9, "ESP32-S3",
            12, "ESP32-C2", 13, "ESP32-C6", 16, "ESP32-H2", 18, "ESP32-P4");

    /** Reads and checks a firmware file; a {@link CliException} (exit code 2, or 6 if unreadable) says why not. */
    public static AppImage read(Path file) {
        byte[] data;
        try {
            if (Files.size(file) > MAX_FILE) {
                throw refuse(file, "larger than " + (MAX_FILE >> 20) + " MiB: not an ESP32 firmware image");
            }
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot read " + file + ": " + e.getMessage());
        }
        try {
            return parse(data);
        } catch (IllegalArgumentException e) {
            throw refuse(file, e.getMessage());
        }
    }

    private static CliException refuse(Path file, String why) {
        return new CliException(Main.ExitCodes.USAGE, file + ": " + why + "; nothing was sent to the device");
    }

    /** The app image in {@code data}; IllegalArgumentException with the reason when there is none. */
    static AppImage parse(byte[] data) {
        if (data.length < HEADER + 8 + 4) {
            throw new IllegalArgumentException("too small for an ESP32 app image (" + data.length + " bytes)");
        }
        if (isApp(data, 0)) {
            return at(data, 0, false);
        }
        // a combined image: the partition table sits at flash 0x8000, the file starts at the bootloader's
        // address (0x1000 on the ESP32 and S2, 0x0 on the newer chips)
        for (int base : new int[] {0x1000, 0x0}) {
            int table = 0x8000 - base;
            Integer app = firstAppPartition(data, table);
            if (app != null) {
                int off = app - base;
                if (off <= 0 || off >= data.length || !isApp(data, off)) {
                    throw new IllegalArgumentException("the partition table says the app starts at 0x"
                            + Integer.toHexString(app) + ", but no app image (magic 0xE9) is there");
                }
                return at(data, off, true);
            }
        }
        if ((data[0] & 0xFF) != MAGIC) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "not an ESP32 firmware image (first byte 0x%02X, an app image starts with 0xE9)", data[0] & 0xFF));
        }
        throw new IllegalArgumentException("an ESP32 image without an app description (a bootloader?) and no partition"
                + " table: OTA needs the app image (micropython.bin / .app-bin, or the combined .bin)");
    }

    /** An image header with an {@code esp_app_desc_t} at the start of its first segment. */
    private static boolean isApp(byte[] d, int off) {
        return off + HEADER + 8 + 4 <= d.length && (d[off] & 0xFF) == MAGIC && le32(d, off + HEADER + 8) == APP_DESC_MAGIC;
    }

    private static Integer firstAppPartition(byte[] d, int table) {
        if (table < 0 || table + 32 > d.length || (d[table] & 0xFF) != 0xAA || (d[table + 1] & 0xFF) != 0x50) {
            return null;
        }
        for (int e = table; e + 32 <= d.length && e < table + 0x1000; e += 32) {
            if ((d[e] & 0xFF) != 0xAA || (d[e + 1] & 0xFF) != 0x50) {
                break; // 0xEBEB = the table's MD5 entry, 0xFFFF = its end
            }
            if (d[e + 2] == 0) {
                return le32(d, e + 4);
            }
        }
        throw new IllegalArgumentException("a partition table at file offset 0x" + Integer.toHexString(table)
                + " without an app partition");
    }

    /** Walks the image at {@code off}: segments, checksum, optional SHA-256; returns exactly its bytes. */
    private static AppImage at(byte[] d, int off, boolean combined) {
        int segments = d[off + 1] & 0xFF;
        if (segments == 0 || segments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("corrupt app image header: " + segments + " segments");
        }
        int chip = (d[off + 12] & 0xFF) | (d[off + 13] & 0xFF) << 8;
        boolean hashAppended = d[off + 23] == 1;
        int pos = off + HEADER;
        int checksum = 0xEF;
        for (int i = 0; i < segments; i++) {
            if (pos + 8 > d.length) {
                throw truncated(d, off, i);
            }
            long len = le32(d, pos + 4) & 0xFFFFFFFFL;
            pos += 8;
            if (pos + len > d.length) {
                throw truncated(d, off, i);
            }
            for (int k = pos; k < pos + len; k++) {
                checksum ^= d[k] & 0xFF;
            }
            pos += (int) len;
        }
        int checksumAt = off + ((pos - off) | 15); // padded so that the checksum byte ends a 16-byte block of the image
        int end = checksumAt + 1 + (hashAppended ? 32 : 0);
        if (end > d.length) {
            throw new IllegalArgumentException("truncated app image: it ends " + (end - d.length) + " bytes after the end of the file");
        }
        if ((d[checksumAt] & 0xFF) != checksum) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "corrupt app image: checksum 0x%02X, computed 0x%02X", d[checksumAt] & 0xFF, checksum));
        }
        if (hashAppended) {
            byte[] want = Arrays.copyOfRange(d, checksumAt + 1, end);
            byte[] got = sha256(d, off, checksumAt + 1 - off);
            if (!Arrays.equals(want, got)) {
                throw new IllegalArgumentException("corrupt app image: its appended SHA-256 does not match its contents");
            }
        }
        int desc = off + HEADER + 8;
        return new AppImage(Arrays.copyOfRange(d, off, end), off, chip, cString(d, desc + 16, 32), cString(d, desc + 48, 32),
                combined);
    }

    private static IllegalArgumentException truncated(byte[] d, int off, int segment) {
        return new IllegalArgumentException("truncated app image: segment " + segment + " goes past the end of the file ("
                + (d.length - off) + " bytes of image)");
    }

    public String chipName() {
        return CHIPS.getOrDefault(chipId, "chip id " + chipId);
    }

    /** One line for the user: what is about to be written. */
    public String describe() {
        return (project.isEmpty() ? "app" : project) + (version.isEmpty() ? "" : " " + version) + " for " + chipName()
                + ", " + bytes.length + " bytes" + (combined ? String.format(Locale.ROOT,
                " (cut from the combined image at 0x%X)", sourceOffset) : "");
    }

    static int le32(byte[] d, int i) {
        return (d[i] & 0xFF) | (d[i + 1] & 0xFF) << 8 | (d[i + 2] & 0xFF) << 16 | (d[i + 3] & 0xFF) << 24;
    }

    private static String cString(byte[] d, int from, int max) {
        int n = 0;
        while (n < max && from + n < d.length && d[from + n] != 0) {
            n++;
        }
        String s = new String(d, from, n, StandardCharsets.US_ASCII);
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? s : "";
    }

    static byte[] sha256(byte[] d, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(d, off, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
