// upyd_fs inside the real MicroPython interpreter (WebAssembly 1.27.0), on a tree written into its
// file system. Hashes and sizes are checked against Node's own sha256 of the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { device, sha256 } from '../testlib/harness.mjs';

const py = String.raw;
const DIR_PAD = 'dir' + ' '.repeat(61);

/** Writes a small tree under /t and returns {relative path: bytes} of its files. */
function tree(d) {
  const files = {
    'boot.py': Buffer.from('import wss_repl\nwss_repl.start(ssl=True)\n'),
    'empty.txt': Buffer.alloc(0),
    'lib/a.py': randomBytes(255),
    'lib/b.py': randomBytes(256),
    'lib/sub/c.bin': randomBytes(257),
    'lib/sub/big.bin': randomBytes(5000),
    'data/name with space.txt': Buffer.from('spaces are kept\n'),
  };
  for (const dir of ['/t', '/t/lib', '/t/lib/sub', '/t/data', '/t/emptydir']) d.FS.mkdir(dir);
  for (const [p, b] of Object.entries(files)) d.FS.writeFile(`/t/${p}`, b);
  d.run("import os\nos.chdir('/t')");
  return files;
}

/** Collects what a helper writes, one entry per line, through its write= hook. */
const collect = (call) => py`
import json, upyd_fs
lines = []
${call}
print(json.dumps(lines))`;

test('sha256_file equals Node sha256 on block boundaries', async () => {
  const d = await device();
  d.FS.mkdir('/h');
  const sizes = [0, 1, 255, 256, 257, 511, 512, 4097];
  const data = sizes.map((n) => randomBytes(n));
  data.forEach((b, i) => d.FS.writeFile(`/h/${i}`, b));
  const got = d.json(`import json, upyd_fs
print(json.dumps([upyd_fs.sha256_file('/h/%d' % i) for i in range(${sizes.length})]))`);
  assert.deepEqual(got, data.map(sha256));
});

test('inventory of "." gives upydev shasum lines for every file and directory', async () => {
  const d = await device();
  const files = tree(d);
  const lines = d.json(collect("upyd_fs.inventory('.', write=lines.append)"));
  const expected = [
    ...Object.entries(files).map(([p, b]) => `${sha256(b)}  ./${p}  ${b.length}`),
  ];
  const dirSize = d.json("import os, json\nprint(json.dumps(os.stat('/t/lib')[6]))");
  for (const dir of ['lib', 'lib/sub', 'data', 'emptydir']) expected.push(`${DIR_PAD}  ./${dir}  ${dirSize}`);
  assert.deepEqual([...lines].sort(), expected.sort());
  // the fixed-width layout dsync relies on
  for (const l of lines) assert.ok(l.slice(64, 66) === '  ' && l[66] === '.' && l.length > 70, l);
  // a directory comes before its contents (the host creates directories first)
  assert.ok(lines.indexOf(`${DIR_PAD}  ./lib  ${dirSize}`) < lines.indexOf(`${sha256(files['lib/a.py'])}  ./lib/a.py  255`));
  assert.ok(lines.indexOf(`${DIR_PAD}  ./lib/sub  ${dirSize}`) < lines.findIndex((l) => l.includes('./lib/sub/c.bin')));
});

test('inventory of named paths: a directory line for the root given, files as given, errors as lines', async () => {
  const d = await device();
  const files = tree(d);
  const lines = d.json(collect("upyd_fs.inventory('./lib/sub', 'boot.py', './missing', write=lines.append)"));
  const dirSize = d.json("import os, json\nprint(json.dumps(os.stat('/t/lib/sub')[6]))");
  assert.equal(lines[0], `${DIR_PAD}  ./lib/sub  ${dirSize}`);
  assert.deepEqual(lines.slice(1, 3).sort(), [
    `${sha256(files['lib/sub/c.bin'])}  ./lib/sub/c.bin  257`,
    `${sha256(files['lib/sub/big.bin'])}  ./lib/sub/big.bin  5000`].sort());
  assert.equal(lines[3], `${sha256(files['boot.py'])}  boot.py  ${files['boot.py'].length}`);
  assert.match(lines[4], /^ERROR {2}\.\/missing {2}\d+$/);
  assert.equal(lines.length, 5);
});

test('inventory prints through print() by default (what the host reads over the REPL)', async () => {
  const d = await device();
  const files = tree(d);
  const out = d.run("import upyd_fs\nupyd_fs.inventory('boot.py')");
  assert.equal(out, `${sha256(files['boot.py'])}  boot.py  ${files['boot.py'].length}\n`);
});

test('hashing streams: a 200 kB file costs a few kB of heap, not the file size', async () => {
  const d = await device();
  const big = randomBytes(200 * 1024);
  d.FS.writeFile('/big.bin', big);
  // with the GC off every allocation stays counted, so the difference bounds the peak
  const r = d.json(py`
import gc, json, upyd_fs
gc.collect(); gc.disable()
a = gc.mem_alloc()
lines = []
upyd_fs.inventory('/big.bin', write=lines.append)
used = gc.mem_alloc() - a
gc.enable()
print(json.dumps([used, lines[0]]))`);
  assert.equal(r[1], `${sha256(big)}  /big.bin  ${big.length}`);
  assert.ok(r[0] < 8192, `allocated ${r[0]} bytes while hashing 200 kB`);
});

test('cat streams the exact bytes to a stream and to stdout; rcat is the upysh name', async () => {
  const d = await device();
  const bin = randomBytes(3000);
  d.FS.writeFile('/f.bin', bin);
  d.FS.writeFile('/f.txt', 'line 1\nline 2\n');
  const got = d.run(py`
import io, upyd_fs, ubinascii
s = io.BytesIO()
upyd_fs.rcat('/f.bin', buff=512, stream=s)
print(ubinascii.hexlify(s.getvalue()).decode())`).trim();
  assert.equal(got, bin.toString('hex'));
  assert.equal(d.run("upyd_fs.cat('/f.txt')"), 'line 1\nline 2\n');
});

test('cat retries a stream that takes part of the data or none (a non-blocking socket)', async () => {
  const d = await device();
  const bin = randomBytes(2000);
  d.FS.writeFile('/f.bin', bin);
  const got = d.json(py`
import json, upyd_fs, ubinascii
class Slow:
    def __init__(self):
        self.data = bytearray(); self.calls = 0
    def write(self, b):
        self.calls += 1
        if self.calls % 3 == 0:
            return None          # EAGAIN
        n = min(len(b), 100)
        self.data.extend(b[:n])
        return n
s = Slow()
upyd_fs.cat('/f.bin', buff=512, stream=s)
class Dead:
    def write(self, b):
        return None
try:
    upyd_fs._write_all(Dead(), memoryview(b'x'), stall_ms=30)
    err = None
except OSError as e:
    err = e.args[0]
print(json.dumps([ubinascii.hexlify(s.data).decode(), err]))`);
  assert.equal(got[0], bin.toString('hex'));
  assert.equal(got[1], 110);
});

test('b64cat: base64 lines of a byte range decode to exactly that range', async () => {
  const d = await device();
  const bin = randomBytes(1000);
  d.FS.writeFile('/f.bin', bin);
  for (const [offset, count, buff] of [[0, -1, 384], [10, 5, 384], [100, 700, 128], [990, 100, 64]]) {
    const lines = d.json(`import json, upyd_fs
lines = []
upyd_fs.b64cat('/f.bin', offset=${offset}, count=${count}, buff=${buff}, write=lambda b: lines.append(b.decode()))
print(json.dumps(lines))`);
    const decoded = Buffer.concat(lines.map((l) => Buffer.from(l, 'base64')));
    const end = count < 0 ? bin.length : Math.min(bin.length, offset + count);
    assert.equal(decoded.toString('hex'), bin.subarray(offset, end).toString('hex'), `offset ${offset} count ${count}`);
    for (const l of lines) assert.ok(Buffer.from(l, 'base64').length <= buff);
  }
});

test('tree draws the sorted tree with directories marked and counted', async () => {
  const d = await device();
  tree(d);
  const lines = d.json(collect("upyd_fs.tree('.', write=lines.append)"));
  assert.deepEqual(lines, [
    '.',
    '├── boot.py',
    '├── data/',
    '│   └── name with space.txt',
    '├── empty.txt',
    '├── emptydir/',
    '└── lib/',
    '    ├── a.py',
    '    ├── b.py',
    '    └── sub/',
    '        ├── big.bin',
    '        └── c.bin',
    '',
    '4 directories, 7 files',
  ]);
});

test('du totals file bytes per entry (children before their directory) and disk_usage agrees', async () => {
  const d = await device();
  const files = tree(d);
  const size = (prefix) => Object.entries(files).filter(([p]) => p.startsWith(prefix)).reduce((n, [, b]) => n + b.length, 0);
  const lines = d.json(collect("upyd_fs.du('.', write=lines.append)"));
  const total = size('');
  assert.deepEqual([...lines.slice(0, -1)].sort(), [
    `${files['boot.py'].length}  ./boot.py`, `${size('data/')}  ./data`, '0  ./empty.txt', '0  ./emptydir',
    `${size('lib/')}  ./lib`].sort());
  assert.equal(lines.at(-1), `${total}  .`);
  const deep = d.json(collect("upyd_fs.du('lib', depth=2, write=lines.append)"));
  assert.ok(deep.indexOf('257  lib/sub/c.bin') < deep.indexOf(`${size('lib/sub/')}  lib/sub`));
  assert.equal(deep.at(-1), `${size('lib/')}  lib`);
  assert.deepEqual(d.json(`import json\nprint(json.dumps([upyd_fs.disk_usage('.'), upyd_fs.disk_usage('lib/b.py')]))`), [total, 256]);
});

test('df reports total/used/free from statvfs', async () => {
  const d = await device();
  const r = d.json(py`
import json, os, upyd_fs
lines = []
upyd_fs.df('/', write=lines.append)
print(json.dumps([list(os.statvfs('/')), lines]))`);
  const [s, lines] = r;
  const bs = s[1] || s[0];
  const total = s[2] * bs;
  const used = total - s[3] * bs;
  assert.deepEqual(lines, ['size  used  avail  use%  mounted',
    `${total}  ${used}  ${s[4] * bs}  ${Math.floor(used * 100 / total)}%  /`]);
});

test('makedirs creates parents and tolerates existing ones; rmrf removes trees and ignores the missing', async () => {
  const d = await device();
  tree(d);
  const r = d.json(py`
import json, os, upyd_fs
upyd_fs.makedirs('./x/y/z', 'x/q', 'lib/sub', '/abs/p')
a = [sorted(os.listdir('x')), os.listdir('x/y'), os.listdir('/abs')]
try:
    upyd_fs.makedirs('boot.py/z')
    err = None
except OSError as e:
    err = 'OSError'
upyd_fs.rmrf('x', 'lib', 'empty.txt', 'nothing/here')
print(json.dumps(a + [err, sorted(os.listdir('.'))]))`);
  assert.deepEqual(r, [['q', 'y'], ['z'], ['p'], 'OSError', ['boot.py', 'data', 'emptydir']]);
});
