package dev.upyd.cli.firmware;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * ESP32 flash images built the way esptool's elf2image lays them out (esp_image_header_t, segments, the XOR
 * checksum ending a 16-byte block, the appended SHA-256, an esp_app_desc_t at the start of the first segment),
 * and micropython.org's combined download image (bootloader, partition table, app). Deterministic.
 */
public final class TestFirmware {
    public static final int CHIP_ESP32 = 0;
    public static final int CHIP_ESP32S3 = 9;

    private TestFirmware() {
    }

    /** An app image of about {@code size} bytes (at least 1 KiB). */
    public static byte[] app(int size, String version, int chipId, long seed) {
        Random r = new Random(seed);
        byte[] desc = new byte[256];
        le32(desc, 0, 0xABCD5432);
        put(desc, 16, version);
        put(desc, 48, "micropython");
        put(desc, 80, "12:00:00");
        put(desc, 96, "Dec  1 2024");
        put(desc, 112, "v5.2.2");
        int rest = Math.max(64, size - 24 - 16 - desc.length - 48) & ~3;
        byte[] seg1 = new byte[desc.length + (rest / 2 & ~3)];
        System.arraycopy(desc, 0, seg1, 0, desc.length);
        for (int i = desc.length; i < seg1.length; i++) {
            seg1[i] = (byte) r.nextInt(256);
        }
        byte[] seg2 = new byte[rest - rest / 2 & ~3];
        r.nextBytes(seg2);
        return image(chipId, true, new int[] {0x3F400020, 0x40080000}, seg1, seg2);
    }

    /** A second-stage bootloader image: an ESP image without an app description. */
    static byte[] bootloader(int size) {
        byte[] seg = new byte[size & ~3];
        Arrays.fill(seg, (byte) 0x5A);
        return image(CHIP_ESP32, false, new int[] {0x3FFF0030}, seg);
    }

    static byte[] image(int chipId, boolean hashAppended, int[] loadAddrs, byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] h = new byte[24];
        h[0] = (byte) 0xE9;
        h[1] = (byte) segments.length;
        h[2] = 2;
        h[3] = 0x20;
        le32(h, 4, 0x40080000);
        h[8] = (byte) 0xEE;
        h[12] = (byte) chipId;
        h[13] = (byte) (chipId >> 8);
        h[17] = (byte) 0xFF;
        h[18] = (byte) 0xFF;
        h[23] = (byte) (hashAppended ? 1 : 0);
        out.writeBytes(h);
        int checksum = 0xEF;
        for (int i = 0; i < segments.length; i++) {
            byte[] sh = new byte[8];
            le32(sh, 0, loadAddrs[i]);
            le32(sh, 4, segments[i].length);
            out.writeBytes(sh);
            out.writeBytes(segments[i]);
            for (byte b : segments[i]) {
                checksum ^= b & 0xFF;
            }
        }
        while ((out.size() + 1) % 16 != 0) {
            out.write(0);
        }
        out.write(checksum);
        byte[] body = out.toByteArray();
        if (!hashAppended) {
            return body;
        }
        out.writeBytes(AppImage.sha256(body, 0, body.length));
        return out.toByteArray();
    }

    /**
     * micropython.org's combined .bin for an ESP32 (written at flash 0x1000, {@code base}) or a newer chip
     * (at 0x0): bootloader at the start, the OTA partition table at flash 0x8000, the app at flash 0x10000.
     */
    public static byte[] combined(byte[] app, int base) {
        byte[] img = new byte[0x10000 - base + app.length];
        Arrays.fill(img, (byte) 0xFF);
        byte[] boot = bootloader(0x4000);
        System.arraycopy(boot, 0, img, 0, boot.length);
        int t = 0x8000 - base;
        Object[][] table = {{1, 0x02, 0x9000, 0x4000, "nvs"}, {1, 0x00, 0xD000, 0x2000, "otadata"},
                {1, 0x01, 0xF000, 0x1000, "phy_init"}, {0, 0x10, 0x10000, 0x180000, "ota_0"},
                {0, 0x11, 0x190000, 0x180000, "ota_1"}, {1, 0x81, 0x310000, 0xF0000, "vfs"}};
        for (Object[] e : table) {
            img[t] = (byte) 0xAA;
            img[t + 1] = 0x50;
            img[t + 2] = (byte) (int) (Integer) e[0];
            img[t + 3] = (byte) (int) (Integer) e[1];
            le32(img, t + 4, (Integer) e[2]);
            le32(img, t + 8, (Integer) e[3]);
            Arrays.fill(img, t + 12, t + 32, (byte) 0);
            put(img, t + 12, (String) e[4]);
            t += 32;
        }
        img[t] = (byte) 0xEB; // the MD5 entry
        img[t + 1] = (byte) 0xEB;
        System.arraycopy(app, 0, img, 0x10000 - base, app.length);
        return img;
    }

    private static void put(byte[] d, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, d, at, b.length);
    }

    static void le32(byte[] d, int i, int v) {
        d[i] = (byte) v;
        d[i + 1] = (byte) (v >> 8);
        d[i + 2] = (byte) (v >> 16);
        d[i + 3] = (byte) (v >> 24);
    }
}
