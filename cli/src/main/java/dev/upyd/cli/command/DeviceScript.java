package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.util.PyStr;

/**
 * A script on the device run by importing it, as upydev's timeit, sysctl and log do: {@code blink.py} is
 * {@code import blink}, found through sys.path ({@code -s sd} adds {@code /sd} first), and unloaded afterwards so
 * the next run imports (and runs) it again.
 */
record DeviceScript(String file, String module, String dir) {
    static DeviceScript of(String file, String dir) {
        String base = file.replaceFirst("^.*/", "");
        String module = base.replaceFirst("\\.(py|mpy)$", "");
        if (!module.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new CliException(Main.ExitCodes.USAGE, "'" + file + "' does not name a Python module (a script is"
                    + " run by importing it: use a name like blink.py)");
        }
        if (dir != null && !dir.matches("[A-Za-z0-9_./-]+")) {
            throw new CliException(Main.ExitCodes.USAGE, "-s " + dir + ": not a device directory name");
        }
        return new DeviceScript(file, module, dir == null ? null : "/" + dir.replaceFirst("^/+", ""));
    }

    /** Lines that make the script importable (its directory on sys.path). */
    String pathSetup() {
        return dir == null ? "" : "import sys\nif " + PyStr.of(dir) + " not in sys.path: sys.path.insert(0, "
                + PyStr.of(dir) + ")\n";
    }

    String importLine() {
        return "import " + module + "\n";
    }

    /** Forgets the module (and the path entry), so that the next import runs the script again. */
    String unload() {
        return "import sys,gc\nsys.modules.pop(" + PyStr.of(module) + ",None)\n"
                + (dir == null ? "" : "if " + PyStr.of(dir) + " in sys.path: sys.path.remove(" + PyStr.of(dir) + ")\n")
                + "gc.collect()\n";
    }
}
