package dev.upyd.daemon.device;

import dev.upyd.protocol.webrepl.FileRequest;
import dev.upyd.protocol.webrepl.FileResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Writes a file to the device so that it lands atomically: WA PUT to a temporary name in the same
 * directory (1024-byte BINARY frames, as webrepl_cli does), then {@code os.rename} over the real
 * name through the raw REPL. The directory is checked first: a PUT into a missing directory makes
 * the device drop the whole session (it reports no error code).
 */
public final class PutOperation extends FileOperation {
    static final int FRAME = 1024;
    static final String TMP_NAME = ".upyd-put.tmp";

    private enum Phase { CHECK_DIR, OPEN, DATA, RENAME }

    private final String path;
    private final byte[] data;
    private final String tmp;
    private Phase phase;
    private final byte[] wb = new byte[FileResponse.LENGTH];
    private int wbFill;

    public PutOperation(String path, byte[] data, OutputSink sink) {
        super(sink);
        this.path = path;
        this.data = data;
        String dir = PyCode.parent(path);
        this.tmp = dir.isEmpty() ? TMP_NAME : (dir.equals("/") ? "/" : dir + "/") + TMP_NAME;
        FileRequest.put(tmp, data.length); // validates: the temp path must fit the 63-byte WA name field
    }

    @Override
    public String kind() {
        return "put";
    }

    @Override
    protected void start() {
        String dir = PyCode.parent(path);
        if (dir.isEmpty() || dir.equals("/")) {
            open();
            return;
        }
        phase = Phase.CHECK_DIR;
        stat(dir, st -> {
            if (st.isEmpty() || !isDirectory(st.get()[0])) {
                end(ResultCodes.USAGE, "no such directory on " + io().deviceName() + ": " + dir, true);
            } else {
                open();
            }
        });
    }

    private void open() {
        phase = Phase.OPEN;
        wbFill = 0;
        byte[] rec = FileRequest.put(tmp, data.length).encode();
        // split 10 + 72 like the official client: small ports read the record in two steps
        io().sendBinary(Arrays.copyOfRange(rec, 0, 10));
        io().sendBinary(Arrays.copyOfRange(rec, 10, rec.length));
        touch();
    }

    @Override
    protected void onBinary(byte[] b) {
        int i = 0;
        while (i < b.length && (phase == Phase.OPEN || phase == Phase.DATA)) {
            wb[wbFill++] = b[i++];
            if (wbFill == wb.length) {
                wbFill = 0;
                int status = FileResponse.decode(wb, 0);
                if (status != 0) {
                    end(ResultCodes.DEVICE_EXCEPTION, "the device refused the file (WB status " + status + ")", false);
                    return;
                }
                if (phase == Phase.OPEN) {
                    phase = Phase.DATA;
                    sendData();
                } else {
                    rename();
                }
            }
        }
    }

    private void sendData() {
        for (int off = 0; off < data.length; off += FRAME) {
            int end = Math.min(data.length, off + FRAME);
            io().sendBinary(Arrays.copyOfRange(data, off, end));
        }
        sink.progress(data.length, data.length);
    }

    @Override
    protected boolean committing() {
        return phase == Phase.RENAME;
    }

    private void rename() {
        phase = Phase.RENAME;
        // a failed rename leaves the temp file; the next PUT into this directory overwrites it
        runHelper("import os\nos.rename(" + PyCode.str(tmp) + "," + PyCode.str(path) + ")\n", (out, err) -> {
            if (err.contains("EEXIST")) {
                replaceOnFat();
            } else {
                renamed(err);
            }
        });
    }

    /**
     * LittleFS (an ESP32's default) and the unix port replace an existing target in one rename; a FAT
     * filesystem refuses it with EEXIST. There the old file is removed first: not atomic, but the new content
     * is complete on the flash before the old name goes, and a failure between the two steps leaves it under
     * the temporary name. Two plain statements, no try/except, for the smallest ports and the light simulator.
     */
    private void replaceOnFat() {
        runHelper("import os\nos.remove(" + PyCode.str(path) + ")\nos.rename(" + PyCode.str(tmp) + ","
                + PyCode.str(path) + ")\n", (out, err) -> renamed(err));
    }

    private void renamed(String err) {
        if (!err.isEmpty()) {
            end(ResultCodes.DEVICE_EXCEPTION, "could not move the file into place: " + lastLine(err), true);
        } else {
            moved(data.length);
            end(ResultCodes.OK, sha256(data), true);
        }
    }

    static String lastLine(String s) {
        int nl = s.lastIndexOf('\n');
        return nl < 0 ? s : s.substring(nl + 1);
    }

    static String sha256(byte[] data) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
