#!/usr/bin/env node
// Builds device/manifest.json: every module in device/lib with its __version__, size and SHA-256.
// The host's `update_upyutils` compares these hashes with the device's files and uploads only
// what differs. Usage: node tools/manifest.mjs          (rewrite manifest.json)
//                      node tools/manifest.mjs --check  (exit 1 when manifest.json is stale)
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEVICE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const VERSION_RE = /^__version__\s*=\s*['"]([0-9A-Za-z.+-]+)['"]\s*$/m;

/** The manifest object for the modules in <deviceDir>/lib, in name order. */
export function buildManifest(deviceDir = DEVICE_DIR) {
  const lib = join(deviceDir, 'lib');
  const modules = readdirSync(lib).filter((n) => n.endsWith('.py')).sort().map((name) => {
    const bytes = readFileSync(join(lib, name));
    const m = VERSION_RE.exec(bytes.toString('utf8'));
    if (!m) throw new Error(`${join(lib, name)}: no "__version__ = '...'" line`);
    return {
      name: name.slice(0, -3),
      file: `lib/${name}`,
      device_path: `/lib/${name}`,
      version: m[1],
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  });
  return { format: 1, modules };
}

export const renderManifest = (manifest) => JSON.stringify(manifest, null, 2) + '\n';

/** null when <deviceDir>/manifest.json matches the sources, else a message saying what differs. */
export function staleness(deviceDir = DEVICE_DIR) {
  const file = join(deviceDir, 'manifest.json');
  const want = renderManifest(buildManifest(deviceDir));
  if (!existsSync(file)) return `${file} is missing`;
  if (readFileSync(file, 'utf8') === want) return null;
  return `${file} is stale: run "node tools/manifest.mjs" in device/`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const why = staleness();
    if (why) { console.error(why); process.exit(1); }
    console.log('manifest.json is up to date');
  } else {
    writeFileSync(join(DEVICE_DIR, 'manifest.json'), renderManifest(buildManifest()));
    console.log('wrote manifest.json');
  }
}
