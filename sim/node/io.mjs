// Blocking writes to the process's stdout/stderr pipes, usable from any thread.
// Why not process.stdout: the VM runs in a worker that must write while it is blocked in
// synchronous wasm code, and ordering must follow production order. The pipe may be
// non-blocking (libuv sets O_NONBLOCK on pipes), so EAGAIN is retried: without the retry a
// slow reader on the Java side crashed the VM after ~800 pipelined commands (spec).
import fs from 'node:fs';

const napCell = new Int32Array(new SharedArrayBuffer(4));
// Bytes written to stdout by every thread of this process. Events travel on stderr, a second pipe
// the Java side reads on another thread; each event carries this count (`... @N`) so that the
// reader can hold the event until it has passed on N bytes of output. Without it, "ready" could
// overtake the boot banner and the banner reached the first WebREPL client (seen in CI).
let stdoutBytes = null;

/** Shares one stdout byte counter between the supervisor and its VM worker (a SharedArrayBuffer of 8 bytes). */
export function shareStdoutCounter(sab) {
  stdoutBytes = new BigInt64Array(sab);
}

export function writeAllSync(fd, buf) {
  let off = 0;
  while (off < buf.length) {
    try {
      const n = fs.writeSync(fd, buf, off, buf.length - off);
      off += n;
      if (fd === 1 && stdoutBytes) Atomics.add(stdoutBytes, 0, BigInt(n));
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
      Atomics.wait(napCell, 0, 0, 1);
    }
  }
}

/**
 * One `[mpsim] ...` line on stderr; the Java side parses these (see h2-simnode contract). Once a
 * counter is shared, the line ends with ` @N`: N bytes of stdout were written before it.
 */
export function event(text) {
  const at = stdoutBytes ? ` @${Atomics.load(stdoutBytes, 0)}` : '';
  try {
    writeAllSync(2, Buffer.from(`[mpsim] ${text}${at}\n`));
  } catch {
    // stderr closed: the parent is gone, nothing left to tell.
  }
}
