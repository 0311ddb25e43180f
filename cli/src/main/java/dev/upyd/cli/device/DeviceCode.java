package dev.upyd.cli.device;

import dev.upyd.cli.util.PyStr;
import java.util.List;

/**
 * The Python each device command sends. Only stock MicroPython modules ({@code os}, {@code gc},
 * {@code sys}, {@code time}, {@code hashlib}; {@code machine}/{@code network} when present): nothing has
 * to be uploaded first (upydev issue #33). Results are printed as Python literals, one per line where a
 * listing can be long, so the device never builds a large list in RAM; the host parses them with
 * {@code PythonLiteral}. Names start with {@code _u} to stay out of the user's namespace.
 */
public final class DeviceCode {
    private DeviceCode() {
    }

    /** Joins a directory and a name the way the device's paths look ("/" root, relative cwd paths). */
    private static final String JOIN = "def _uj(p,n):\n"
            + " return n if p in ('','.') else (p+n if p.endswith('/') else p+'/'+n)\n";

    /** One line per entry: (path, is_dir, size). Directories recurse when {@code recursive}. */
    public static String walk(List<String> roots, boolean recursive, boolean hidden) {
        return "import os\n" + JOIN
                + "def _uw(p,r,a):\n"
                + " for e in os.ilistdir(p):\n"
                + "  n=e[0]\n"
                + "  if not a and n.startswith('.'):\n"
                + "   continue\n"
                + "  q=_uj(p,n)\n"
                + "  if e[1]==0x4000:\n"
                + "   print(repr((q,1,0)))\n"
                + "   if r:\n"
                + "    _uw(q,r,a)\n"
                + "  else:\n"
                + "   s=e[3] if len(e)>3 and e[3]>=0 else os.stat(q)[6]\n"
                + "   print(repr((q,0,s)))\n"
                + "for _up in " + PyStr.list(roots) + ":\n"
                + " _us=os.stat(_up)\n"
                + " if _us[0]&0x4000:\n"
                + "  print(repr((_up,2,0)))\n"
                + "  _uw(_up," + py(recursive) + "," + py(hidden) + ")\n"
                + " else:\n"
                + "  print(repr((_up,3,_us[6])))\n";
    }

    /** Like {@link #walk} with a SHA-256 per file: (path, is_dir, size, hex); dsync's inventory. */
    public static String inventory(List<String> roots) {
        return "import os,hashlib,gc\n" + JOIN
                + "def _uh(q):\n"
                + " h=hashlib.sha256()\n"
                + " with open(q,'rb') as f:\n"
                + "  while True:\n"
                + "   c=f.read(512)\n"
                + "   if not c:\n"
                + "    break\n"
                + "   h.update(c)\n"
                + " return ''.join('%02x'%b for b in h.digest())\n"
                + "def _uw(p):\n"
                + " for e in os.ilistdir(p):\n"
                + "  q=_uj(p,e[0])\n"
                + "  if e[1]==0x4000:\n"
                + "   print(repr((q,1,0,'')))\n"
                + "   _uw(q)\n"
                + "  else:\n"
                + "   print(repr((q,0,os.stat(q)[6],_uh(q))))\n"
                + "for _up in " + PyStr.list(roots) + ":\n"
                + " try:\n"
                + "  _us=os.stat(_up)\n"
                + " except OSError:\n"
                + "  continue\n"
                + " if _us[0]&0x4000:\n"
                + "  _uw(_up)\n"
                + " else:\n"
                + "  print(repr((_up,0,_us[6],_uh(_up))))\n"
                + "gc.collect()\n";
    }

    /** Prints the SHA-256 hex of one file (transfer verification). */
    public static String sha256(String path) {
        return "import hashlib\n"
                + "_uh=hashlib.sha256()\n"
                + "with open(" + PyStr.of(path) + ",'rb') as _uf:\n"
                + " while True:\n"
                + "  _uc=_uf.read(1024)\n"
                + "  if not _uc:\n"
                + "   break\n"
                + "  _uh.update(_uc)\n"
                + "print(''.join('%02x'%b for b in _uh.digest()))\n";
    }

    /** Prints (mode, size) of a path, or None when it does not exist. */
    public static String stat(String path) {
        return "import os\ntry:\n _us=os.stat(" + PyStr.of(path) + ")\n print(repr((_us[0],_us[6])))\n"
                + "except OSError:\n print('None')\n";
    }

    public static String cat(String path) {
        return "with open(" + PyStr.of(path) + ") as _uf:\n"
                + " while True:\n"
                + "  _uc=_uf.read(256)\n"
                + "  if not _uc:\n"
                + "   break\n"
                + "  print(_uc,end='')\n";
    }

    /** Removes files; with {@code recursive} also directories and missing paths are ignored (rm -rf). */
    public static String rm(List<String> paths, boolean recursive) {
        return "import os\n" + JOIN
                + "def _ur(p,r):\n"
                + " try:\n"
                + "  m=os.stat(p)[0]\n"
                + " except OSError:\n"
                + "  if r:\n"
                + "   return\n"
                + "  raise OSError('rm: %s: no such file or directory'%p)\n"
                + " if m&0x4000:\n"
                + "  if not r:\n"
                + "   raise OSError('rm: %s: is a directory (use -rf)'%p)\n"
                + "  for e in list(os.ilistdir(p)):\n"
                + "   _ur(_uj(p,e[0]),r)\n"
                + "  os.rmdir(p)\n"
                + " else:\n"
                + "  os.remove(p)\n"
                + "for _up in " + PyStr.list(paths) + ":\n"
                + " _ur(_up," + py(recursive) + ")\n";
    }

    /** Creates directories, parents first; existing directories are fine (mkdir -p). */
    public static String mkdirs(List<String> dirs) {
        return "import os\n"
                + "def _um(p):\n"
                + " a=''\n"
                + " for s in p.split('/'):\n"
                + "  if not s:\n"
                + "   a='/' if not a else a\n"
                + "   continue\n"
                + "  a=a+s if a.endswith('/') or not a else a+'/'+s\n"
                + "  try:\n"
                + "   os.mkdir(a)\n"
                + "  except OSError as e:\n"
                + "   if not os.stat(a)[0]&0x4000:\n"
                + "    raise\n"
                + "for _up in " + PyStr.list(dirs) + ":\n"
                + " _um(_up)\n";
    }

    /** Creates each directory; an existing one is an error (plain mkdir). */
    public static String mkdir(List<String> dirs) {
        return "import os\nfor _up in " + PyStr.list(dirs) + ":\n os.mkdir(_up)\n";
    }

    public static String rename(String from, String to) {
        return "import os\nos.rename(" + PyStr.of(from) + "," + PyStr.of(to) + ")\n";
    }

    /** statvfs of a path: (bsize, frsize, blocks, bfree, bavail, ...). */
    public static String statvfs(String path) {
        return "import os\nprint(repr(os.statvfs(" + PyStr.of(path) + ")))\n";
    }

    public static String mem() {
        return "import gc\ngc.collect()\nprint(repr((gc.mem_alloc(),gc.mem_free())))\n";
    }

    /** (sysname, release, version, machine, uid hex, implementation, platform, hostname, rssi). */
    public static String info() {
        return "import os,sys\n"
                + "try:\n _uu=os.uname()\n _uu=(_uu[0],_uu[2],_uu[3],_uu[4])\n"
                + "except Exception:\n _uu=(sys.platform,'','','')\n"
                + "try:\n import machine\n _ui=''.join('%02x'%b for b in machine.unique_id())\n"
                + "except Exception:\n _ui=''\n"
                + "_uh='';_ur=None\n"
                + "try:\n import network\n _un=network.WLAN(network.STA_IF)\n"
                + " try:\n  _ur=_un.status('rssi')\n except Exception:\n  pass\n"
                + " try:\n  _uh=_un.config('dhcp_hostname')\n except Exception:\n  pass\n"
                + "except Exception:\n pass\n"
                + "print(repr(_uu+(_ui,sys.implementation.name,sys.platform,_uh,_ur)))\n";
    }

    public static String uniqueId() {
        return "import machine\nprint(''.join('%02x'%b for b in machine.unique_id()))\n";
    }

    /** Milliseconds since boot (stock: {@code time.ticks_ms}, which wraps after 2**30 ms = 12.4 days). */
    public static String uptime() {
        return "import time\nprint(time.ticks_ms())\n";
    }

    public static String platform() {
        return "import sys\nprint(sys.platform)\n";
    }

    public static String cwd() {
        return "import os\nprint(os.getcwd())\n";
    }

    public static String chdir(String path) {
        return "import os\nos.chdir(" + PyStr.of(path) + ")\nprint(os.getcwd())\n";
    }

    /** Imports a module (runs the script), then forgets it so that it runs again next time. */
    public static String run(String module, String dir) {
        String d = dir == null ? "" : "if " + PyStr.of(dir) + " not in sys.path:\n sys.path.insert(0," + PyStr.of(dir)
                + ")\n";
        return "import sys\n" + d
                + "try:\n import " + module + "\nfinally:\n sys.modules.pop(" + PyStr.of(module) + ",None)\n";
    }

    public static String hardReset() {
        return "import machine\nmachine.reset()\n";
    }

    /** Names in a directory (completion, device-side globbing): one repr'd (name, is_dir) per line. */
    public static String names(String dir) {
        return "import os\nfor _ue in os.ilistdir(" + PyStr.of(dir) + "):\n print(repr((_ue[0],_ue[1]==0x4000)))\n";
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }
}
