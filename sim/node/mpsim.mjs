#!/usr/bin/env node
// upyd's simulated ESP32: the real MicroPython interpreter (WebAssembly build) as a process.
// stdin = bytes the WebREPL client types, stdout = the device terminal, stderr = `[mpsim] ...`
// event lines. Settings: see settings.mjs. This supervisor owns stdin and the VM worker's life:
// it restarts the VM on machine.reset() and kills it when a Ctrl-C goes unanswered (watchdog).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { event, shareStdoutCounter } from './io.mjs';
import { InputRing } from './input-ring.mjs';
import { settingsFromEnv, SettingsError, EXIT_MACHINE_RESET } from './settings.mjs';

const EOF_GRACE_MS = 300; // lets the VM finish what was typed before stdin closed
// machine.reset_cause() after each kind of start, as an ESP32 reports it: esp_restart() and
// panics read as SOFT_RESET (5), a watchdog as WDT_RESET (3), power-on as PWRON_RESET (1).
const RESET_CAUSE = { power: 1, 'machine.reset': 5, watchdog: 3, crash: 5 };

let settings;
try {
  settings = settingsFromEnv();
} catch (e) {
  if (!(e instanceof SettingsError)) throw e;
  event(`error ${e.message}`);
  process.exit(2);
}

const require = createRequire(import.meta.url);
const wasmPath = require.resolve('@micropython/micropython-webassembly-pyscript/micropython.wasm');
const wasmModule = await WebAssembly.compile(fs.readFileSync(wasmPath));

const stdoutCounter = new SharedArrayBuffer(8);
shareStdoutCounter(stdoutCounter);

let vm = null; // { worker, ring, stopReason, ctrlCsTyped }
let stdinEnded = false;
let exiting = false;
const backlog = []; // stdin chunks the ring had no room for

function startVm(cause) {
  const ring = new InputRing();
  const worker = new Worker(new URL('./vm-worker.mjs', import.meta.url), {
    workerData: { settings, wasmModule, ringBuffer: ring.sab, resetCause: RESET_CAUSE[cause], stdoutCounter },
    // console output of the glue (abort messages, warnings) must not reach the device's
    // stdout or break the stderr event format: it becomes `[mpsim] info|error` lines.
    stdout: true,
    stderr: true,
  });
  forwardLines(worker.stdout, 'info');
  forwardLines(worker.stderr, 'error');
  const current = { worker, ring, stopReason: null, ctrlCsTyped: 0 };
  vm = current;
  worker.on('error', (e) => {
    event(`error VM crashed: ${String(e?.stack ?? e).split('\n')[0]}`);
    current.stopReason ??= 'crash';
  });
  worker.on('exit', (code) => onVmExit(current, code));
  if (stdinEnded) ring.close();
}

function forwardLines(stream, kind) {
  stream.setEncoding('utf8');
  stream.on('data', (text) => {
    for (const line of text.split('\n')) if (line.trim()) event(`${kind} ${line.trim()}`);
  });
}

function onVmExit(stopped, code) {
  if (exiting || stopped !== vm) return;
  if (code === 0 && stdinEnded) return shutdown(0);
  let reason = stopped.stopReason;
  if (!reason) reason = code === EXIT_MACHINE_RESET ? 'machine.reset' : 'crash';
  if (reason === 'crash') event(`error VM stopped unexpectedly (exit code ${code})`);
  event(`hard-reset reason=${reason}`);
  backlog.length = 0; // a reset board loses what was in its UART buffer
  process.stdin.resume();
  startVm(reason);
}

function deliver() {
  while (backlog.length) {
    const chunk = backlog[0];
    const taken = vm.ring.write(chunk);
    if (taken < chunk.length) {
      backlog[0] = chunk.subarray(taken);
      process.stdin.pause();
      setTimeout(deliver, 5);
      return;
    }
    backlog.shift();
  }
  process.stdin.resume();
}

// A board cannot be interrupted while pure Python code spins without calling out (the VM has
// no hook here either). If a Ctrl-C is still untaken after watchdogMs while the VM is busy,
// reset the board the hard way, as a user would press the reset button.
function armWatchdog(current, ctrlCs) {
  current.ctrlCsTyped += ctrlCs;
  const target = current.ctrlCsTyped;
  setTimeout(() => {
    if (current !== vm || current.stopReason) return;
    if (current.ring.ctrlCConsumed() - target >= 0 || !current.ring.isBusy()) return;
    current.stopReason = 'watchdog';
    current.worker.terminate();
  }, settings.watchdogMs).unref();
}

function shutdown(code) {
  if (exiting) return;
  exiting = true;
  vm?.worker.terminate();
  process.exit(code);
}

process.stdin.on('data', (chunk) => {
  const ctrlCs = chunk.reduce((n, b) => n + (b === 3 ? 1 : 0), 0);
  if (ctrlCs) armWatchdog(vm, ctrlCs);
  backlog.push(chunk);
  if (backlog.length === 1) deliver();
});
process.stdin.on('end', () => {
  stdinEnded = true;
  vm.ring.close();
  setTimeout(() => shutdown(0), EOF_GRACE_MS);
});
process.stdin.on('error', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));

startVm('power');
