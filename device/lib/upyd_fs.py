# upyd_fs: file-system helpers that make upyd's host commands faster when present (the host never
# requires them). Everything streams: files are read in small blocks into one reused buffer and
# results are written line by line as they are found, so memory stays bounded on a ~100 kB heap.
#
# Inventory line format (upydev's shasum, what dsync parses; fields separated by two spaces):
#   <64 hex sha256>  <path>  <size>        a file
#   dir<61 spaces>  <path>  <size>          a directory (size = os.stat()[6])
#   ERROR  <path>  <errno>                  an entry that could not be read
# A path may contain spaces: parse the first 64 characters, then split the rest at the LAST "  ".
#
# Relies on (MicroPython >= 1.20): os.ilistdir/stat/statvfs, hashlib.sha256, file readinto.
__version__ = '0.1.0'

import os
import sys
import hashlib
from micropython import const

try:
    import ubinascii as _b2a  # the C module; plain `binascii` can be a frozen pure-Python package
except ImportError:
    import binascii as _b2a

BLOCK = const(256)
_S_IFDIR = const(0x4000)
_S_IFREG = const(0x8000)


def _join(d, name):
    return d + name if d.endswith('/') else d + '/' + name


def _out(write):
    return write if write is not None else print


def _kind(path, entry):
    t = entry[1]
    if t not in (_S_IFDIR, _S_IFREG):  # some VFS report 0 (unknown): ask stat
        t = os.stat(path)[0] & 0xF000
    return t


def _size(path, entry):
    # 4-tuple ilistdir entries carry the size; 3-tuple ones (VfsPosix) need a stat
    return entry[3] if len(entry) > 3 else os.stat(path)[6]


def _errno(e):
    return e.args[0] if e.args else 0


# ---- hashing and the dsync inventory -------------------------------------------------------

def sha256_file(path, buf=None):
    h = hashlib.sha256()
    if buf is None:
        buf = bytearray(BLOCK)
    mv = memoryview(buf)
    with open(path, 'rb') as f:
        while True:
            n = f.readinto(buf)
            if not n:
                break
            h.update(buf if n == len(buf) else mv[:n])  # no slice object per full block
    return _b2a.hexlify(h.digest()).decode()


def file_line(digest, path, size):
    return '%s  %s  %d' % (digest, path, size)


def dir_line(path, size):
    return 'dir' + ' ' * 61 + '  %s  %d' % (path, size)


def error_line(path, err):
    return 'ERROR  %s  %d' % (path, err)


def _hash_line(path, size, buf):
    try:
        return file_line(sha256_file(path, buf), path, size)
    except OSError as e:
        return error_line(path, _errno(e))


def _walk(d, out, buf):
    for e in os.ilistdir(d):
        p = _join(d, e[0])
        try:
            k = _kind(p, e)
            if k == _S_IFDIR:
                out(dir_line(p, _size(p, e)))
                _walk(p, out, buf)
            elif k == _S_IFREG:
                out(_hash_line(p, _size(p, e), buf))
        except OSError as x:
            out(error_line(p, _errno(x)))


def inventory(*paths, write=None):
    # Recursive SHA-256 inventory for dsync: one line per file and directory under each path
    # ('.', '*' or nothing = the current directory, entries then read './name').
    out = _out(write)
    buf = bytearray(BLOCK)
    for p in paths or ('.',):
        if p in ('*', ''):
            p = '.'
        try:
            st = os.stat(p)
        except OSError as e:
            out(error_line(p, _errno(e)))
            continue
        if st[0] & _S_IFDIR:
            if p not in ('.', '/'):
                out(dir_line(p, st[6]))
            _walk(p, out, buf)
        else:
            out(_hash_line(p, st[6], buf))


# ---- streaming reads ----------------------------------------------------------------------

def _write_all(stream, mv, stall_ms=10000):
    # A non-blocking socket (upydev's fast get writes to the session's socket) may take part of
    # the data or none; retry, but give up when the peer stops reading.
    import time
    n = 0
    t0 = time.ticks_ms()
    while n < len(mv):
        w = stream.write(mv[n:])
        if w:
            n += w
            t0 = time.ticks_ms()
        elif time.ticks_diff(time.ticks_ms(), t0) > stall_ms:
            raise OSError(110)  # ETIMEDOUT
        else:
            time.sleep_ms(1)


def cat(path, buff=512, stream=None):
    # Streams a file's bytes unchanged to `stream` (default: stdout) in `buff`-byte blocks.
    out = stream if stream is not None else getattr(sys.stdout, 'buffer', sys.stdout)
    buf = bytearray(buff)
    mv = memoryview(buf)
    with open(path, 'rb') as f:
        while True:
            n = f.readinto(buf)
            if not n:
                break
            _write_all(out, mv if n == buff else mv[:n])


rcat = cat  # upysh's name, as upydev's fast get calls it: rcat(path, buff=..., stream=...)


def b64cat(path, offset=0, count=-1, buff=384, write=None):
    # Binary-safe read over the REPL text channel: one base64 line per `buff` bytes, starting at
    # `offset`, `count` bytes at most (-1: to the end).
    out = write if write is not None else getattr(sys.stdout, 'buffer', sys.stdout).write
    buf = bytearray(buff)
    mv = memoryview(buf)
    with open(path, 'rb') as f:
        if offset:
            f.seek(offset)
        while count:
            n = f.readinto(buf) if count < 0 or count >= buff else f.readinto(mv[:count])
            if not n:
                break
            out(_b2a.b2a_base64(mv[:n]))
            if count > 0:
                count -= n


# ---- tree, du, df -------------------------------------------------------------------------

def _entries(d):
    # one directory's names, sorted (tree needs to know the last entry of each level)
    r = []
    for e in os.ilistdir(d):
        p = _join(d, e[0])
        r.append((e[0], _kind(p, e) == _S_IFDIR))
    r.sort()
    return r


def tree(path='.', write=None):
    # Unix `tree -F` look: directories end in '/', then a count line
    out = _out(write)
    counts = [0, 0]
    out(path)
    _tree(path, '', out, counts)
    out('')
    out('%d directories, %d files' % (counts[0], counts[1]))


def _tree(d, prefix, out, counts):
    es = _entries(d)
    last = len(es) - 1
    for i, (name, is_dir) in enumerate(es):
        out(prefix + ('└── ' if i == last else '├── ') + name + ('/' if is_dir else ''))
        if is_dir:
            counts[0] += 1
            _tree(_join(d, name), prefix + ('    ' if i == last else '│   '), out, counts)
        else:
            counts[1] += 1


def disk_usage(path):
    # total bytes of the files under path (or the size of the file)
    st = os.stat(path)
    if not st[0] & _S_IFDIR:
        return st[6]
    return _du(path, 0, -1, None)


def _du(d, level, depth, out):
    total = 0
    for e in os.ilistdir(d):
        p = _join(d, e[0])
        if _kind(p, e) == _S_IFDIR:
            n = _du(p, level + 1, depth, out)
        else:
            n = _size(p, e)
            if out is not None and level < depth:
                out('%d  %s' % (n, p))
        total += n
    if out is not None and 0 < level <= depth:
        out('%d  %s' % (total, d))
    return total


def du(path='.', depth=1, write=None):
    # '<bytes>  <path>' for entries down to `depth` levels below path (children before their
    # directory, as Unix du), then '<bytes>  <path>' for path itself
    out = _out(write)
    st = os.stat(path)
    total = _du(path, 0, depth, out) if st[0] & _S_IFDIR else st[6]
    out('%d  %s' % (total, path))


def df_info(path='/'):
    # (total, used, free) bytes of the file system holding path
    s = os.statvfs(path)
    bsize = s[1] or s[0]
    total = s[2] * bsize
    return total, total - s[3] * bsize, s[4] * bsize


def df(path='/', write=None):
    out = _out(write)
    total, used, free = df_info(path)
    out('size  used  avail  use%  mounted')
    out('%d  %d  %d  %d%%  %s' % (total, used, free, (used * 100 // total) if total else 0, path))


# ---- directories for dsync ----------------------------------------------------------------

def makedirs(*paths):
    # creates each path and its missing parents; existing directories are fine
    for p in paths:
        cur = ''
        for i, part in enumerate(p.split('/')):
            cur = part if i == 0 else cur + '/' + part
            if part in ('', '.'):
                continue
            try:
                os.mkdir(cur)
            except OSError as e:
                # errno values differ between ports; what matters is whether a directory is there
                try:
                    isdir = os.stat(cur)[0] & _S_IFDIR
                except OSError:
                    isdir = 0
                if not isdir:
                    raise e


def rmrf(*paths):
    # removes files and whole directory trees; missing paths are ignored
    for p in paths:
        try:
            st = os.stat(p)
        except OSError:
            continue
        if st[0] & _S_IFDIR:
            for e in list(os.ilistdir(p)):
                rmrf(_join(p, e[0]))
            os.rmdir(p)
        else:
            os.remove(p)
