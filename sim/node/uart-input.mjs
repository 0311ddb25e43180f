// What the VM reads from its "UART": bytes from the shared input ring, the Ctrl-C detection a
// board's UART interrupt handler performs, and stdin for Python code (sys.stdin, input()).
const CTRL_C = 0x03;

export class UartInput {
  /**
   * @param ring InputRing (worker side)
   * @param beforeWait called before blocking for input (flush pending output first)
   */
  constructor(ring, beforeWait) {
    this.ring = ring;
    this.beforeWait = beforeWait;
    this.vm = null; // the Emscripten module, once loaded
    this.pending = []; // bytes taken out of the ring while looking for a Ctrl-C
    this.pendingAt = 0;
    this.readStarts = false;
  }

  attach(vmModule) {
    this.vm = vmModule;
  }

  /** Next typed byte; -1 if none (non-blocking) or if stdin is closed and drained. */
  nextByte(blocking) {
    if (this.pendingAt < this.pending.length) {
      const b = this.pending[this.pendingAt++];
      if (this.pendingAt === this.pending.length) this.pending.length = this.pendingAt = 0;
      return b;
    }
    for (;;) {
      const b = this.ring.take();
      if (b >= 0 || !blocking || this.ring.isClosed()) return b;
      this.beforeWait();
      this.ring.waitForInput();
    }
  }

  // The VM never checks for Ctrl-C by itself in this build (no VM hook), so the wrapper calls
  // this whenever the VM calls out to JS: on output, on the clock (sleep loops) and on stdin.
  // Like a board's UART handler, an arriving Ctrl-C overtakes input typed before it.
  pollInterrupt() {
    if (!this.ring.hasUnseenCtrlC() || !this.#armed()) return;
    for (let b = this.ring.take(); b >= 0; b = this.ring.take()) {
      if (b === CTRL_C) {
        this.vm._mp_sched_keyboard_interrupt();
        return;
      }
      this.pending.push(b);
    }
  }

  /** Call when the VM starts a read() on fd 0. */
  markReadStart() {
    this.readStarts = true;
  }

  // Emscripten's Module.stdin: one byte per call, null for "no more". Only the first byte of a
  // read() call may block, or sys.stdin.read(n) would wait for n bytes that a board returns as
  // they come.
  stdinByte() {
    const blocking = this.readStarts;
    this.readStarts = false;
    const b = this.nextByte(blocking);
    if (b < 0) return null;
    if (b === CTRL_C && this.#armed()) {
      this.vm._mp_sched_keyboard_interrupt(); // raised when read() returns to Python
      return null;
    }
    return b;
  }

  #armed() {
    return this.vm !== null && this.vm._mp_hal_get_interrupt_char() === CTRL_C;
  }
}
