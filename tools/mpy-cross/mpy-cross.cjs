#!/usr/bin/env node
// mpy-cross's command line over the WebAssembly build of MicroPython's compiler (npm
// @pybricks/mpy-cross-v6: MicroPython 1.19's mpy-cross, .mpy version 6; bytecode .mpy files of
// that version load on MicroPython 1.19 to 1.2x). `upyd mpyx` runs it when no native mpy-cross is
// on PATH. Same behaviour as the native tool: one input file; the output defaults to the input
// with its last two characters replaced by "mpy" (foo.py -> foo.mpy); a compile error prints the
// traceback on stderr and exits 1; other options (-O3, -march=..., -X emit=...) are passed on.
//   node mpy-cross.cjs [-o OUT] [-s SOURCE_NAME] [OPTIONS] FILE.py
//   node mpy-cross.cjs --version
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const PKG = '@pybricks/mpy-cross-v6';

function usage(msg) {
  process.stderr.write(`${msg}\nusage: mpy-cross [-o OUT] [-s SOURCE_NAME] [<opts>] <input filename>\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
if (args.includes('--version')) {
  const v = require(`${PKG}/package.json`).version;
  process.stdout.write(`mpy-cross (WebAssembly, ${PKG} ${v}): MicroPython v1.19, mpy v6\n`);
  process.exit(0);
}
let out = null;
let source = null;
const opts = [];
const inputs = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '-o' || a === '-s') {
    if (i + 1 >= args.length) usage(`${a} needs an argument`);
    if (a === '-o') out = args[++i];
    else source = args[++i];
  } else if (a === '-X') {
    if (i + 1 >= args.length) usage('-X needs an argument');
    opts.push(a, args[++i]);
  } else if (a.startsWith('-') && a !== '-') {
    opts.push(a);
  } else {
    inputs.push(a);
  }
}
if (inputs.length === 0) usage('no input file');
if (inputs.length > 1) usage('multiple input files');
const input = inputs[0];
if (out === null) out = input.slice(0, -2) + 'mpy';

let text;
try {
  text = fs.readFileSync(input, 'utf8');
} catch (e) {
  process.stderr.write(`mpy-cross: cannot open ${input}: ${e.code || e.message}\n`);
  process.exit(1);
}

// The package's compile() wrapper fetches the .wasm with fetch() on Node 18+, which cannot load
// a file path; the emscripten factory takes the bytes directly instead.
const factoryPath = require.resolve(`${PKG}/build/mpy-cross-v6.js`);
const MpyCross = require(factoryPath);
const wasmBinary = fs.readFileSync(path.join(path.dirname(factoryPath), 'mpy-cross-v6.wasm'));
MpyCross({
  // the compiler's in-memory file system has no directories: the input goes in under its base name
  // (the name tracebacks show); -s embeds the name as given, as the native tool does
  arguments: [...opts, '-s', source ?? input, '-o', '/out.mpy', path.basename(input)],
  inputFileContents: text,
  wasmBinary,
  callback(status, mpy, stdout, stderr) {
    for (const line of stdout) process.stdout.write(`${line}\n`);
    for (const line of stderr) process.stderr.write(`${line}\n`);
    if (status === 0 && mpy) {
      const tmp = `${out}.tmp-${process.pid}`;
      try {
        fs.writeFileSync(tmp, mpy);
        fs.renameSync(tmp, out);
      } catch (e) {
        try { fs.rmSync(tmp, { force: true }); } catch { /* nothing left to clean */ }
        process.stderr.write(`mpy-cross: cannot write ${out}: ${e.code || e.message}\n`);
        process.exit(1);
      }
    }
    process.exit(status === 0 && mpy ? 0 : status || 1);
  },
});
