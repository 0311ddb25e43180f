# Runs inside MicroPython at every boot and soft reset, before boot.py. It makes the WebAssembly
# build look like an ESP32 to host tools: the modules a board has (machine, network), LittleFS-like
# os results, the C binascii, and an input() that works (the built-in one reads a stubbed stdin
# and hangs). Settings come from the JS side as js.mpsim. Everything is defined inside one
# function so the user's __main__ namespace stays clean.
def _mpsim_setup():
    import sys, os, io, js, builtins, micropython, ubinascii

    cfg = js.mpsim
    uid = ubinascii.unhexlify(cfg.uid)
    fs_blocks = int(cfg.fsBlocks)
    reset_cause = int(cfg.resetCause)
    block = 4096

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
    sys.modules["network"] = network
    sys.modules["binascii"] = ubinascii  # the frozen pure-Python binascii rejects str input
    sys.modules["_mpsim"] = _Module("_mpsim", {"run_script": run_script, "exec_pasted": exec_pasted})
    builtins.input = input


_mpsim_setup()
del _mpsim_setup
