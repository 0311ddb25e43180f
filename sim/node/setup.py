# Runs inside MicroPython at every boot and soft reset, before boot.py. It makes the WebAssembly
# build look like an ESP32 to host tools: the modules a board has (machine, network), LittleFS-like
# os results, the C binascii, and an input() that works (the built-in one reads a stubbed stdin
# and hangs), esp32.Partition. Settings come from the JS side as js.mpsim. Everything is defined
# inside functions (deleted afterwards) so the user's __main__ namespace stays clean.
def _esp32_partition(running, flash_dir):
    # esp32.Partition as on a board built with MicroPython's OTA partition table
    # (partitions-ota.csv, 4 MiB): the calls OTA tools make (find, info, readblocks, writeblocks,
    # ioctl, get_next_update, set_boot, mark_app_valid_cancel_rollback) with the C module's
    # semantics: unwritten flash reads 0xFF, writeblocks(n, buf) erases first, writeblocks(n, buf,
    # off) only clears bits, set_boot() refuses a partition without an app image (0xE9). The app
    # running now (`running`) is what the simulated bootloader chose at the last hard reset.
    import os, json

    TABLE = (
        (1, 0x02, 0x9000, 0x4000, "nvs"),
        (1, 0x00, 0xD000, 0x2000, "otadata"),
        (1, 0x01, 0xF000, 0x1000, "phy_init"),
        (0, 0x10, 0x10000, 0x180000, "ota_0"),
        (0, 0x11, 0x190000, 0x180000, "ota_1"),
        (1, 0x81, 0x310000, 0xF0000, "vfs"),
    )
    APPS = [e for e in TABLE if e[0] == 0]
    otadata = flash_dir + "/otadata.json"
    ESP_ERR_INVALID_ARG = -258
    ESP_ERR_OTA_VALIDATE_FAILED = -5379

    def entry(label):
        for e in TABLE:
            if e[4] == label:
                return e
        raise ValueError("partition not found")

    def read_otadata():
        try:
            with open(otadata) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def write_otadata(d):
        try:
            os.mkdir(flash_dir)
        except OSError:
            pass
        with open(otadata + ".tmp", "w") as f:
            f.write(json.dumps(d))
        os.rename(otadata + ".tmp", otadata)

    class Partition:
        BOOT = 0
        RUNNING = 1
        TYPE_APP = 0
        TYPE_DATA = 1

        def __init__(self, id, block_size=4096):
            if id == Partition.RUNNING:
                id = running
            elif id == Partition.BOOT:
                id = read_otadata().get("boot", running)
            if block_size < 1:
                raise ValueError("invalid block size")
            self._e = entry(id)
            self._bs = block_size
            self._file = flash_dir + "/" + self._e[4] + ".bin"

        def __repr__(self):
            t, s, a, n, l = self._e
            return "<Partition type=%d, subtype=%d, address=%d, size=%d, label=%s, encrypted=0>" % (t, s, a, n, l)

        def __eq__(self, other):
            return isinstance(other, Partition) and other._e == self._e

        @staticmethod
        def find(type=0, subtype=0xFF, label=None):
            return [Partition(e[4]) for e in TABLE
                    if e[0] == type and subtype in (0xFF, e[1]) and label in (None, e[4])]

        def info(self):
            return self._e + (False,)

        def _check(self, addr, n):
            if addr < 0 or addr + n > self._e[3]:
                raise OSError(ESP_ERR_INVALID_ARG)

        def _read(self, addr, n):
            try:
                with open(self._file, "rb") as f:
                    f.seek(addr)
                    data = f.read(n)
            except OSError:
                data = b""
            return data + b"\xff" * (n - len(data))

        def _write(self, addr, data):
            try:
                os.mkdir(flash_dir)
            except OSError:
                pass
            try:
                f = open(self._file, "r+b")
            except OSError:
                f = open(self._file, "wb")
            with f:
                end = f.seek(0, 2)
                if end < addr:
                    f.write(b"\xff" * (addr - end))
                f.seek(addr)
                f.write(data)

        def readblocks(self, block_num, buf, offset=0):
            addr = block_num * self._bs + offset
            self._check(addr, len(buf))
            buf[:] = self._read(addr, len(buf))

        def writeblocks(self, block_num, buf, offset=None):
            addr = block_num * self._bs + (offset or 0)
            self._check(addr, len(buf))
            if offset is None:
                self._write(addr, buf)  # erase + write: the bytes are exactly buf
            else:
                old = self._read(addr, len(buf))
                self._write(addr, bytes(a & b for a, b in zip(old, buf)))

        def ioctl(self, op, arg):
            if op in (1, 2, 3):
                return 0
            if op == 4:
                return self._e[3] // self._bs
            if op == 5:
                return self._bs
            if op == 6:
                self._check(arg * self._bs, self._bs)
                self._write(arg * self._bs, b"\xff" * self._bs)
                return 0
            return None

        def set_boot(self):
            if self._e[0] != 0 or self._read(0, 1) != b"\xe9":
                raise OSError(ESP_ERR_OTA_VALIDATE_FAILED)
            write_otadata({"boot": self._e[4], "state": "new", "previous": running})

        def get_next_update(self):
            for i, e in enumerate(APPS):
                if e == self._e:
                    return Partition(APPS[(i + 1) % len(APPS)][4])
            raise OSError(2)

        @staticmethod
        def mark_app_valid_cancel_rollback():
            d = read_otadata()
            if d.get("state") == "pending" and d.get("boot") == running:
                d["state"] = "valid"
                write_otadata(d)

    return Partition


def _mpsim_setup():
    import sys, os, io, js, builtins, micropython, ubinascii

    cfg = js.mpsim
    uid = ubinascii.unhexlify(cfg.uid)
    fs_blocks = int(cfg.fsBlocks)
    reset_cause = int(cfg.resetCause)
    block = 4096
    # esp32.Partition's data: one file per partition, and otadata.json (which app boots). The
    # bootloader half (which app runs after a hard reset, rollback) is sim/node/ota-boot.mjs.
    flash_dir = "/.sim_flash"

    class _Module:
        # Stands in for a module object: this build cannot create module instances, and shim
        # files in /lib would show up in the user's device folder.
        def __init__(self, name, attrs):
            self.__name__ = name
            for k in attrs:
                setattr(self, k, attrs[k])

        def __repr__(self):
            return "<module '%s'>" % self.__name__

    def soft_reset():
        raise SystemExit

    # machine.RTC: a board's clock can be set; here it is an offset over the host's clock that the time
    # module below applies too, so time.localtime() shows what RTC().datetime() was set to, as on a board.
    import time as _time
    clock = {"offset": 0}

    def _now():
        return int(_time.time()) + clock["offset"]

    class RTC:
        def __init__(self, *a):
            pass

        def datetime(self, dt=None):
            if dt is None:
                t = _time.localtime(_now())
                return (t[0], t[1], t[2], t[6], t[3], t[4], t[5], 0)
            if len(dt) < 7:
                raise ValueError("requested length 8 but object has length %d" % len(dt))
            secs = _time.mktime((dt[0], dt[1], dt[2], dt[4], dt[5], dt[6], 0, 0))
            clock["offset"] = secs - int(_time.time())

        def init(self, dt):
            self.datetime(dt)

    clocked = {}
    for k in dir(_time):
        if not k.startswith("__"):
            clocked[k] = getattr(_time, k)
    clocked["time"] = _now
    clocked["time_ns"] = lambda: _now() * 1000000000
    clocked["localtime"] = lambda secs=None: _time.localtime(_now() if secs is None else secs)
    clocked["gmtime"] = lambda secs=None: _time.gmtime(_now() if secs is None else secs)
    time_shim = _Module("time", clocked)

    machine = _Module("machine", {
        "RTC": RTC,
        "unique_id": lambda: uid,
        "reset": lambda: cfg.hardReset(),
        "soft_reset": soft_reset,
        "reset_cause": lambda: reset_cause,
        "freq": lambda *a: 160000000,
        "idle": lambda: None,
        "PWRON_RESET": 1, "HARD_RESET": 2, "WDT_RESET": 3, "DEEPSLEEP_RESET": 4, "SOFT_RESET": 5,
    })

    class WLAN:
        def __init__(self, interface=0):
            self._sta = interface == 0

        def active(self, *a):
            return self._sta

        def isconnected(self):
            return self._sta

        def connect(self, *a, **kw):
            pass

        def disconnect(self):
            pass

        def scan(self):
            return []

        def status(self, *a):
            if a and a[0] == "rssi":
                return -50
            return 1010 if self._sta else 0

        def ifconfig(self, *a):
            return ("127.0.0.1", "255.0.0.0", "127.0.0.1", "127.0.0.1")

        def config(self, *a, **kw):
            values = {"mac": uid[:6], "essid": "mpsim", "hostname": "mpy-esp32", "channel": 1}
            return values.get(a[0]) if a else None

    network = _Module("network", {
        "WLAN": WLAN, "STA_IF": 0, "AP_IF": 1, "STAT_IDLE": 1000, "STAT_CONNECTING": 1001,
        "STAT_GOT_IP": 1010, "hostname": lambda *a: "mpy-esp32",
    })

    release = "%d.%d.%d" % sys.implementation.version[:3]
    build = sys.version.split("MicroPython ")[-1]

    class uname_result(tuple):
        def __repr__(self):
            return "(sysname=%r, nodename=%r, release=%r, version=%r, machine=%r)" % tuple(self)

        __str__ = __repr__
        sysname = property(lambda self: self[0])
        nodename = property(lambda self: self[1])
        release = property(lambda self: self[2])
        version = property(lambda self: self[3])
        machine = property(lambda self: self[4])

    uname = uname_result(("esp32", "esp32", release, build, str(cfg.machine)))

    host_stat = os.stat
    host_ilistdir = os.ilistdir

    def is_dir(st):
        return st[0] & 0xF000 == 0x4000

    def stat(path):
        # LittleFS has no owner, inode or device, and directories have size 0.
        st = host_stat(path)
        d = is_dir(st)
        return (0x4000 if d else 0x8000, 0, 0, 0, 0, 0, 0 if d else st[6], st[8], st[8], st[8])

    def join(d, name):
        return (d if d.endswith("/") else d + "/") + name

    def ilistdir(path="", *a):
        base = path or os.getcwd()
        for entry in host_ilistdir(path, *a):
            name, kind = entry[0], entry[1]
            size = 0 if kind == 0x4000 else host_stat(join(base, name))[6]
            yield (name, kind, 0, size)

    def used_blocks(d):
        n = 0
        for entry in host_ilistdir(d):
            p = join(d, entry[0])
            if p == flash_dir:
                continue  # the partitions are flash beside the file system, not files in it
            if entry[1] == 0x4000:
                n += 1 + used_blocks(p)
            else:
                n += (host_stat(p)[6] + block - 1) // block
        return n

    def statvfs(path):
        host_stat(path)  # same errors as a board for a missing path
        free = max(0, fs_blocks - 2 - used_blocks("/"))
        return (block, block, fs_blocks, free, free, 0, 0, 0, 0, 255)

    os.uname = lambda: uname
    os.stat = stat
    os.ilistdir = ilistdir
    os.statvfs = statvfs

    def input(prompt=""):
        # A minimal readline: echo, backspace, Enter. Ctrl-C arrives as a scheduled
        # KeyboardInterrupt while sys.stdin.read() returns "".
        write = sys.stdout.write
        if prompt:
            write(prompt)
        line = []
        while True:
            c = sys.stdin.read(1)
            if c == "\r" or c == "\n":
                write("\r\n")
                return "".join(line)
            if c == "\x08" or c == "\x7f":
                if line:
                    line.pop()
                    write("\x08\x1b[K")
            elif c == "\x04" and not line:
                raise EOFError
            elif c and c >= " ":
                line.append(c)
                write(c)

    def print_script_exception(e):
        # Print as the board's pyexec_file would: without this helper's own frame.
        buf = io.StringIO()
        sys.print_exception(e, buf)
        lines = buf.getvalue().split("\n")
        if len(lines) > 2 and lines[1].startswith('  File "<stdin>"'):
            del lines[1]
        sys.stdout.write("\n".join(lines))

    def run_script(name, g):
        try:
            f = open(name)
        except OSError:
            return
        with f:
            src = f.read()
        micropython.kbd_intr(3)
        try:
            exec(compile(src, name, "exec"), g)
        except SystemExit:
            pass
        except BaseException as e:
            print_script_exception(e)
        finally:
            micropython.kbd_intr(-1)

    def exec_pasted(g):
        exec(compile(str(cfg.takePasted()), "<stdin>", "exec"), g)

    sys.modules["machine"] = machine
    sys.modules["time"] = time_shim
    sys.modules["utime"] = time_shim
    sys.modules["esp32"] = _Module("esp32", {"Partition": _esp32_partition(str(cfg.running), flash_dir)})
    sys.modules["network"] = network
    sys.modules["binascii"] = ubinascii  # the frozen pure-Python binascii rejects str input
    sys.modules["_mpsim"] = _Module("_mpsim", {"run_script": run_script, "exec_pasted": exec_pasted})
    builtins.input = input


_mpsim_setup()
del _mpsim_setup, _esp32_partition
