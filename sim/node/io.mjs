// Blocking writes to the process's stdout/stderr pipes, usable from any thread.
// Why not process.stdout: the VM runs in a worker that must write while it is blocked in
// synchronous wasm code, and ordering must follow production order. The pipe may be
// non-blocking (libuv sets O_NONBLOCK on pipes), so EAGAIN is retried: without the retry a
// slow reader on the Java side crashed the VM after ~800 pipelined commands (spec).
import fs from 'node:fs';

const napCell = new Int32Array(new SharedArrayBuffer(4));

export function writeAllSync(fd, buf) {
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
      Atomics.wait(napCell, 0, 0, 1);
    }
  }
}

/** One `[mpsim] ...` line on stderr; the Java side parses these (see h2-simnode contract). */
export function event(text) {
  try {
    writeAllSync(2, Buffer.from(`[mpsim] ${text}\n`));
  } catch {
    // stderr closed: the parent is gone, nothing left to tell.
  }
}
