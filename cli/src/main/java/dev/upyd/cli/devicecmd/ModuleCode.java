package dev.upyd.cli.devicecmd;

import dev.upyd.cli.util.PyStr;
import java.util.List;

/**
 * The Python these commands run on the device. Stock MicroPython only ({@code os}, {@code hashlib},
 * {@code machine}): they run BEFORE upyd's modules are there, and must work when an older copy is broken.
 * Each snippet prints one {@code repr} tuple per line, tagged by its first item, so that one Exec answers
 * for all files (every Exec is a raw-paste round trip on a slow link).
 */
final class ModuleCode {
    private ModuleCode() {
    }

    /** SHA-256 hex of a file, or None when it cannot be opened; 512-byte reads keep the heap small. */
    private static final String SHA = "def _uh(q):\n"
            + " try:\n"
            + "  f=open(q,'rb')\n"
            + " except OSError:\n"
            + "  return None\n"
            + " h=hashlib.sha256()\n"
            + " with f:\n"
            + "  while True:\n"
            + "   c=f.read(512)\n"
            + "   if not c:\n"
            + "    break\n"
            + "   h.update(c)\n"
            + " return ''.join('%02x'%b for b in h.digest())\n";

    /** os.stat size, or None when missing. */
    private static final String SIZE = "def _us(q):\n"
            + " try:\n"
            + "  return os.stat(q)[6]\n"
            + " except OSError:\n"
            + "  return None\n";

    /**
     * Creates {@code dirs} when missing ({@code ('mkdir', dir)} for each one made), then
     * {@code ('sha', path, hex-or-None)} for each path.
     */
    static String prepareAndHash(List<String> dirs, List<String> paths) {
        return "import os,hashlib,gc\n" + SHA
                + "for _ud in " + PyStr.list(dirs) + ":\n"
                + " try:\n"
                + "  os.stat(_ud)\n"
                + " except OSError:\n"
                + "  os.mkdir(_ud)\n"
                + "  print(repr(('mkdir',_ud)))\n"
                + "for _up in " + PyStr.list(paths) + ":\n"
                + " print(repr(('sha',_up,_uh(_up))))\n"
                + "gc.collect()\n";
    }

    /** {@code ('sha', path, hex-or-None)} for each path. */
    static String hashes(List<String> paths) {
        return prepareAndHash(List.of(), paths);
    }

    /**
     * What {@code device status} and {@code set_wss} need, in one round trip:
     * {@code ('uid', hex-or-None)}; {@code ('mod', path, size, sha, version)} per module (None when absent;
     * the version is read from the file's {@code __version__ = '...'} line: importing a module on a board
     * costs RAM and runs its code); {@code ('file', path, size)} for the TLS files, boot.py and its backup;
     * with {@code bootTextBytes > 0} also {@code ('boot', text)} (the first bytes of boot.py).
     */
    static String survey(List<String> modulePaths, int bootTextBytes) {
        return "import os,hashlib,gc\n" + SHA + SIZE
                + "def _uv(q):\n"
                + " try:\n"
                + "  with open(q) as f:\n"
                + "   for i in range(40):\n"
                + "    l=f.readline()\n"
                + "    if not l:\n"
                + "     break\n"
                + "    if l.startswith('__version__'):\n"
                + "     return l.split('=',1)[1].strip().strip('\\'\"')\n"
                + " except Exception:\n"
                + "  pass\n"
                + " return None\n"
                + "try:\n"
                + " import machine\n"
                + " _uu=''.join('%02x'%b for b in machine.unique_id())\n"
                + "except Exception:\n"
                + " _uu=None\n"
                + "print(repr(('uid',_uu)))\n"
                + "for _up in " + PyStr.list(modulePaths) + ":\n"
                + " _uz=_us(_up)\n"
                + " print(repr(('mod',_up,_uz,_uh(_up) if _uz is not None else None,_uv(_up) if _uz is not None else None)))\n"
                + "_uf=['/boot.py','/boot.py.bak','/ROOT_CA_cert.pem']\n"
                + "if _uu:\n"
                + " _uf+=['/SSL_key'+_uu+'.der','/SSL_certificate'+_uu+'.der']\n"
                + "for _up in _uf:\n"
                + " print(repr(('file',_up,_us(_up))))\n"
                + (bootTextBytes > 0
                        ? "try:\n"
                        + " with open('/boot.py') as f:\n"
                        + "  print(repr(('boot',f.read(" + bootTextBytes + "))))\n"
                        + "except OSError:\n"
                        + " pass\n"
                        : "")
                + "gc.collect()\n";
    }
}
