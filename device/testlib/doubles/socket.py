# Test double (harness only, never shipped): the wasm build has no `socket`. In-memory connections
# whose input is a byte string and whose output is collected, so upyd_wss's accept path can run.
import io

SOL_SOCKET = 1
SO_REUSEADDR = 4
listeners = []  # every listening socket created
pending = []  # connections the next accept() calls return


def getaddrinfo(host, port):
    return [(2, 1, 0, '', (host, port))]


class Conn:
    def __init__(self, data=b'', addr=('127.0.0.1', 50000), fail=None):
        self.inp = io.BytesIO(data)
        self.out = bytearray()
        self.addr = addr
        self.fail = fail  # exception readline raises (a stalled client hitting the timeout)
        self.closed = False
        self.timeout = 'unset'
        self.blocking = True
        self.opts = {}
        self.reads = 0

    def readline(self, n=-1):
        self.reads += 1
        if self.fail is not None:
            raise self.fail
        return self.inp.readline(n)

    def write(self, b):
        self.out.extend(b)
        return len(b)

    def settimeout(self, t):
        self.timeout = t

    def setblocking(self, flag):
        self.blocking = flag

    def setsockopt(self, level, opt, val):
        self.opts[opt] = val

    def close(self):
        self.closed = True


class socket:
    def __init__(self, *args):
        self.opts = {}
        self.bound = None
        self.backlog = None
        self.closed = False
        listeners.append(self)

    def setsockopt(self, level, opt, val):
        self.opts[opt] = val

    def bind(self, addr):
        self.bound = addr

    def listen(self, n):
        self.backlog = n

    def accept(self):
        c = pending.pop(0)
        return c, c.addr

    def close(self):
        self.closed = True
