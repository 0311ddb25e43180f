// The device's terminal (UART) output: what the VM prints, made to look like a board's bytes.
import { writeAllSync } from './io.mjs';

const LF = 0x0a;
const CR = 0x0d;
const FLUSH_AT = 8192;
const TAIL = 32;
const WASM_MACHINE = Buffer.from('; JS with Emscripten');

export class TerminalOutput {
  constructor(machine, fd = 1) {
    this.fd = fd;
    this.buf = Buffer.alloc(FLUSH_AT + 64);
    this.len = 0;
    this.prev = 0;
    this.tail = Buffer.alloc(TAIL);
    this.tailPos = 0;
    this.machine = Buffer.from(`; ${machine}`);
    this.expect = null; // bytes to drop if the VM prints exactly them next (see dropNext)
    this.expectPos = 0;
    this.produced = 0; // bytes emitted so far, to tell whether a REPL step printed anything
  }

  /** One byte from the VM. */
  putByte(c) {
    if (this.expect !== null) {
      if (c === this.expect[this.expectPos]) {
        if (++this.expectPos === this.expect.length) this.expect = null;
        return;
      }
      const seen = this.expect.subarray(0, this.expectPos);
      this.expect = null;
      for (const b of seen) this.#cooked(b);
    }
    this.#cooked(c);
  }

  /** Bytes the wrapper itself sends (raw-paste replies, reboot notice): verbatim, at once. */
  write(bytes) {
    for (const b of bytes) this.#push(b);
    this.flush();
  }

  /**
   * Hides the VM's next output if it is exactly `text`: the leading CRLF the event-driven REPL
   * prints before its first banner, and the raw REPL's "OK" when raw-paste is emulated.
   */
  dropNext(text) {
    this.expect = Buffer.from(text, 'latin1');
    this.expectPos = 0;
  }

  /** True if the last bytes written end with `text` (used to follow the REPL's mode). */
  endsWith(text) {
    if (text.length > TAIL) return false;
    for (let i = 0; i < text.length; i++) {
      const b = this.tail[(this.tailPos - text.length + i + TAIL) % TAIL];
      if (b !== text.charCodeAt(i)) return false;
    }
    return true;
  }

  flush() {
    if (this.len === 0) return;
    let out = this.buf.subarray(0, this.len);
    const at = out.indexOf(WASM_MACHINE);
    if (at >= 0) {
      out = Buffer.concat([out.subarray(0, at), this.machine, out.subarray(at + WASM_MACHINE.length)]);
    }
    this.len = 0;
    writeAllSync(this.fd, out);
  }

  // Boards cook "\n" to "\r\n" (stdout_tx_strn_cooked); this port prints print() output with a
  // bare LF while tracebacks already carry CRLF.
  #cooked(c) {
    if (c === LF && this.prev !== CR) this.#push(CR);
    this.#push(c);
    if (c === LF || this.len >= FLUSH_AT) this.flush();
  }

  #push(c) {
    this.produced++;
    this.buf[this.len++] = c;
    this.prev = c;
    this.tail[this.tailPos] = c;
    this.tailPos = (this.tailPos + 1) % TAIL;
  }
}
