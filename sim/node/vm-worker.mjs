// The simulated board's CPU: one MicroPython VM in a worker thread, running synchronously and
// blocking on the shared input ring. A supervisor (mpsim.mjs) owns stdin and can kill this
// thread when the VM is stuck in a loop no interrupt reaches (the watchdog hard reset).
import fs from 'node:fs';
import { workerData } from 'node:worker_threads';
import { event, shareStdoutCounter } from './io.mjs';
import { InputRing } from './input-ring.mjs';
import { mapErrnoResults } from './errno.mjs';
import { mountHostRoot } from './hostfs.mjs';
import { bootPartition } from './ota-boot.mjs';
import { TerminalOutput } from './terminal-out.mjs';
import { ReplDriver } from './repl-driver.mjs';
import { UartInput } from './uart-input.mjs';
import { PYSTACK_WORDS, EXIT_MACHINE_RESET } from './settings.mjs';

const { settings, wasmModule, ringBuffer, resetCause, stdoutCounter } = workerData;
shareStdoutCounter(stdoutCounter);
const ring = new InputRing(ringBuffer);
const out = new TerminalOutput(settings.machine);
const setupSource = fs.readFileSync(new URL('./setup.py', import.meta.url), 'utf8');
const napCell = new Int32Array(new SharedArrayBuffer(4));

const input = new UartInput(ring, () => out.flush());

function outputByte(data) {
  out.putByte(data[0]);
  input.pollInterrupt();
}

// ---- the wasm imports the wrapper needs to see ----
function instrument(imports) {
  mapErrnoResults(imports);
  const fdRead = imports.fd_read;
  imports.fd_read = (fd, ...rest) => {
    if (fd === 0) input.markReadStart();
    return fdRead(fd, ...rest);
  };
  const fdWrite = imports.fd_write;
  imports.fd_write = (fd, ...rest) => {
    const r = fdWrite(fd, ...rest);
    if (fd === 1 || fd === 2) out.flush(); // one VM write = one chunk, like one WebREPL frame
    return r;
  };
  // time.sleep() busy-waits on this clock: poll for Ctrl-C, and nap 1 ms once the clock has
  // been read 200 times within one millisecond so a sleeping board does not burn a core.
  const ticks = imports.mp_js_ticks_ms;
  let lastMs = -1;
  let sameMs = 0;
  imports.mp_js_ticks_ms = () => {
    input.pollInterrupt();
    const now = ticks();
    if (now !== lastMs) {
      lastMs = now;
      sameMs = 0;
    } else if (++sameMs >= 200) {
      sameMs = 0;
      Atomics.wait(napCell, 0, 0, 1);
    }
    return now;
  };
}

const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async (source, imports) => {
  instrument(imports.env); // env and wasi_snapshot_preview1 are the same object in this glue
  // The supervisor compiled the module once; reusing it makes a hard reset cheap.
  return { module: wasmModule, instance: await instantiate(wasmModule, imports) };
};

const { loadMicroPython } = await import('@micropython/micropython-webassembly-pyscript/micropython.mjs');
const mp = await loadMicroPython({
  heapsize: settings.heap,
  pystack: PYSTACK_WORDS,
  stdin: () => input.stdinByte(),
  stdout: outputByte,
  stderr: outputByte,
  linebuffer: false,
});
const Module = mp._module;
input.attach(Module);
mountHostRoot(mp.FS, settings.hostDir);

let pasted = null;
globalThis.mpsim = {
  uid: settings.uid,
  machine: settings.machine,
  fsBlocks: settings.fsBlocks,
  resetCause,
  running: bootPartition(settings.hostDir), // this worker is one power-on: the bootloader chose once
  hardReset() {
    out.flush();
    process.exit(EXIT_MACHINE_RESET);
  },
  takePasted() {
    const code = new TextDecoder().decode(pasted ?? new Uint8Array());
    pasted = null;
    return code;
  },
};

const driver = new ReplDriver({
  processChar: (c) => mp.replProcessChar(c),
  stashPasted: (code) => { pasted = code; },
}, out, settings.rawPaste);

function runPython(what, code) {
  try {
    mp.runPython(code);
  } catch (e) {
    if (e?.name !== 'PythonError') throw e;
    event(`error ${what} failed: ${e.message.trim().split('\n').pop()}`);
  }
}

// Board start-up order: platform setup, boot.py, main.py (friendly REPL only), then the REPL.
function boot() {
  ring.setBusy(true);
  runPython('setup.py', setupSource);
  runPython('boot.py', "__import__('_mpsim').run_script('boot.py', globals())");
  if (!driver.raw) runPython('main.py', "__import__('_mpsim').run_script('main.py', globals())");
  out.dropNext('\r\n'); // the event-driven REPL prints one before its first banner; boards do not
  mp.replInit();
  ring.setBusy(false);
  driver.afterInit();
  out.flush();
  event('ready');
}

// The glue keeps JS-object <-> proxy-id tables in globals (its proxy_js_init, not exported).
// Ids from the previous VM point at proxies that no longer exist, so a JS object Python saw
// before the reset (js.mpsim) would look absent afterwards; start them afresh, exactly as
// loadMicroPython does before its own mp_js_init.
function resetJsProxyTables() {
  globalThis.proxy_js_ref = [globalThis, undefined];
  globalThis.proxy_js_ref_next = 2;
  globalThis.proxy_js_ref_map = new Map([[globalThis, 0]]);
  globalThis.proxy_js_map = new Map();
  globalThis.proxy_js_existing = [undefined];
  globalThis.pyProxyFinalizationRegistry = new FinalizationRegistry((cRef) => {
    globalThis.proxy_js_map.delete(cRef);
    Module.ccall('proxy_c_free_obj', 'null', ['number'], [cRef]);
  });
}

function softReset() {
  event('soft-reset');
  out.write(Buffer.from('MPY: soft reboot\r\n'));
  // Re-initialising the same instance takes well under a millisecond; the old GC heap leaks
  // (~0.4 MiB per reset), which a simulator can afford.
  resetJsProxyTables();
  Module.ccall('mp_js_init', 'null', ['number', 'number'], [PYSTACK_WORDS, settings.heap]);
  Module.ccall('proxy_c_init', 'null', [], []);
  mp.FS.chdir('/');
  boot();
}

boot();
for (;;) {
  const c = input.nextByte(true);
  if (c < 0) break; // stdin closed and everything typed has been handled
  ring.setBusy(true);
  const reset = driver.key(c);
  ring.setBusy(false);
  if (reset) softReset();
}
out.flush();
process.exit(0);
