// Runs upyd's device modules inside the real MicroPython interpreter (the npm WebAssembly build,
// pinned to 1.27.0). The modules are written into the interpreter's MEMFS under /lib (on its
// sys.path, as on a board); test doubles for the modules this build lacks (machine, network,
// socket, ssl, websocket, _webrepl, os.dupterm) go to /doubles, which is used only here.
import { loadMicroPython } from '@micropython/micropython-webassembly-pyscript';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEVICE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const LIB_DIR = join(DEVICE_DIR, 'lib');
const DOUBLES_DIR = join(DEVICE_DIR, 'testlib', 'doubles');

export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
export const sha1b64 = (buf) => createHash('sha1').update(buf).digest('base64');

function copyDir(FS, from, to) {
  FS.mkdirTree(to);
  for (const name of readdirSync(from)) {
    if (name.endsWith('.py')) FS.writeFile(`${to}/${name}`, readFileSync(join(from, name)));
  }
}

/**
 * A fresh interpreter with the device modules installed.
 * run(code) executes Python and returns what it printed (stdout+stderr, decoded as UTF-8),
 * runRaw(code) the same as a Buffer;
 * a Python exception rejects with an Error whose message is the traceback.
 */
export async function device({ doubles = true } = {}) {
  let out = [];
  const sink = (bytes) => { for (const b of bytes) out.push(b); };
  const mp = await loadMicroPython({ stdout: sink, stderr: sink, linebuffer: false });
  copyDir(mp.FS, LIB_DIR, '/lib');
  if (doubles) {
    copyDir(mp.FS, DOUBLES_DIR, '/doubles');
    mp.runPython("import sys\nsys.path.insert(0, '/doubles')\nimport _doubles");
  }
  const takeRaw = () => { const b = Buffer.from(out); out = []; return b; };
  const take = () => takeRaw().toString('utf8');
  return {
    mp,
    FS: mp.FS,
    run(code) {
      out = [];
      try {
        mp.runPython(code);
      } catch (e) {
        const printed = take();
        throw new Error(`${e.message}\n--- printed before the error ---\n${printed}`);
      }
      return take();
    },
    runRaw(code) {
      out = [];
      mp.runPython(code);
      return takeRaw();
    },
    /** Runs code and parses the last printed line as JSON (use `import json; print(json.dumps(x))`). */
    json(code) {
      const lines = this.run(code).trimEnd().split('\n');
      return JSON.parse(lines[lines.length - 1]);
    },
  };
}
