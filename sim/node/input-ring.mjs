// Single-producer (supervisor) / single-consumer (VM worker) byte ring in a SharedArrayBuffer.
// The VM worker is blocked in synchronous wasm most of the time, so it cannot receive
// messages; the ring lets it both wait for input (Atomics.wait) and peek for a Ctrl-C while
// Python code runs. Positions are free-running 32-bit counters; CAPACITY is a power of two.
const CAPACITY = 1 << 20;
const HEAD = 0; // bytes written by the supervisor
const TAIL = 1; // bytes consumed by the worker
const CLOSED = 2; // 1 once stdin reached EOF
const INTR_WRITTEN = 3; // Ctrl-C bytes written so far
const INTR_CONSUMED = 4; // Ctrl-C bytes the VM has taken (as input or as an interrupt)
const BUSY = 5; // 1 while the VM runs a REPL step (boot, a key press, executing code)
const SEQ = 6; // bumped on every write and on close: the word the worker sleeps on
const HEADER_BYTES = 32;
const CTRL_C = 0x03;

export class InputRing {
  constructor(sab = new SharedArrayBuffer(HEADER_BYTES + CAPACITY)) {
    this.sab = sab;
    this.hdr = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(sab, HEADER_BYTES, CAPACITY);
  }

  // ---- supervisor side ----

  /** Copies as much of chunk as fits; returns the number of bytes taken. */
  write(chunk) {
    const head = Atomics.load(this.hdr, HEAD);
    const free = CAPACITY - ((head - Atomics.load(this.hdr, TAIL)) | 0);
    const n = Math.min(free, chunk.length);
    let ctrlC = 0;
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      if (b === CTRL_C) ctrlC++;
      this.data[(head + i) & (CAPACITY - 1)] = b;
    }
    Atomics.store(this.hdr, HEAD, (head + n) | 0);
    if (ctrlC) Atomics.add(this.hdr, INTR_WRITTEN, ctrlC);
    this.#wake();
    return n;
  }

  close() {
    Atomics.store(this.hdr, CLOSED, 1);
    this.#wake();
  }

  #wake() {
    Atomics.add(this.hdr, SEQ, 1);
    Atomics.notify(this.hdr, SEQ);
  }

  ctrlCConsumed() { return Atomics.load(this.hdr, INTR_CONSUMED); }
  isBusy() { return Atomics.load(this.hdr, BUSY) === 1; }

  // ---- worker side ----

  setBusy(on) { Atomics.store(this.hdr, BUSY, on ? 1 : 0); }
  isClosed() { return Atomics.load(this.hdr, CLOSED) === 1; }
  available() { return (Atomics.load(this.hdr, HEAD) - Atomics.load(this.hdr, TAIL)) | 0; }
  hasUnseenCtrlC() { return Atomics.load(this.hdr, INTR_WRITTEN) !== Atomics.load(this.hdr, INTR_CONSUMED); }

  /** Next byte, or -1 if the ring is empty. */
  take() {
    const tail = Atomics.load(this.hdr, TAIL);
    if (tail === Atomics.load(this.hdr, HEAD)) return -1;
    const b = this.data[tail & (CAPACITY - 1)];
    Atomics.store(this.hdr, TAIL, (tail + 1) | 0);
    if (b === CTRL_C) Atomics.add(this.hdr, INTR_CONSUMED, 1);
    return b;
  }

  /** Blocks until input arrives, the ring is closed, or timeoutMs passes. */
  waitForInput(timeoutMs = Infinity) {
    const seq = Atomics.load(this.hdr, SEQ);
    if (this.available() > 0 || this.isClosed()) return;
    Atomics.wait(this.hdr, SEQ, seq, timeoutMs);
  }
}
