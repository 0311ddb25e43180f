// device/manifest.json must describe exactly the modules in device/lib (the host's update_upyutils
// trusts its hashes), and each module's version must be what MicroPython itself reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildManifest, renderManifest, staleness } from '../tools/manifest.mjs';
import { DEVICE_DIR, LIB_DIR, device, sha256 } from '../testlib/harness.mjs';

test('manifest.json is up to date (regenerate with: node tools/manifest.mjs)', () => {
  assert.equal(staleness(DEVICE_DIR), null);
  const onDisk = JSON.parse(readFileSync(join(DEVICE_DIR, 'manifest.json'), 'utf8'));
  assert.deepEqual(onDisk.modules.map((m) => m.file),
    readdirSync(LIB_DIR).filter((n) => n.endsWith('.py')).sort().map((n) => `lib/${n}`));
  for (const m of onDisk.modules) {
    const bytes = readFileSync(join(DEVICE_DIR, m.file));
    assert.equal(m.sha256, sha256(bytes), m.file);
    assert.equal(m.size, bytes.length, m.file);
    assert.equal(m.device_path, `/lib/${m.name}.py`);
  }
});

test('manifest versions equal each module\'s __version__ as MicroPython reads it, and the device-side sha256 matches', async () => {
  const d = await device();
  const manifest = buildManifest(DEVICE_DIR);
  const names = manifest.modules.map((m) => m.name);
  const got = d.json(`import json, upyd_fs
res = {}
for n in ${JSON.stringify(names)}:
    res[n] = [__import__(n).__version__, upyd_fs.sha256_file('/lib/%s.py' % n)]
print(json.dumps(res))`);
  for (const m of manifest.modules) assert.deepEqual(got[m.name], [m.version, m.sha256], m.name);
});

test('a changed module makes the manifest stale; a module without __version__ is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'upyd-device-'));
  try {
    cpSync(join(DEVICE_DIR, 'lib'), join(dir, 'lib'), { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), renderManifest(buildManifest(dir)));
    assert.equal(staleness(dir), null);
    const f = join(dir, 'lib', 'upyd_fs.py');
    writeFileSync(f, readFileSync(f, 'utf8') + '\n# changed\n');
    assert.match(staleness(dir), /is stale/);
    const changed = buildManifest(dir).modules.filter((m, i) => m.sha256 !== JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).modules[i].sha256);
    assert.deepEqual(changed.map((m) => m.name), ['upyd_fs']);
    writeFileSync(join(dir, 'lib', 'bad.py'), 'x = 1\n');
    assert.throws(() => buildManifest(dir), /bad\.py: no "__version__ = '...'" line/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
