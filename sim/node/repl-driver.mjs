// Feeds typed bytes to MicroPython's own event-driven REPL (pyexec.c) and fills in what this
// build cannot do itself: raw-paste mode. Its C raw-paste reader pulls bytes from a stubbed
// mp_hal_stdin_rx_chr() and spins forever, so the wrapper answers raw-paste with the same bytes
// a board sends (docs/reference/repl.rst, pyexec.c do_reader_stdin) and hands the collected
// code to the C raw REPL as one ordinary raw-REPL command.

const CTRL_A = 0x01;
const CTRL_B = 0x02;
const CTRL_C = 0x03;
const CTRL_D = 0x04;
const CTRL_E = 0x05;
const FORCED_EXIT = 0x100; // PYEXEC_FORCED_EXIT: Ctrl-D at an empty prompt, or sys.exit()
// MICROPY_REPL_STDIN_BUFFER_MAX / 2 on boards: the host may have two windows in flight.
export const RAW_PASTE_WINDOW = 128;

const RAW_PROMPT = 'raw REPL; CTRL-B to exit\r\n>';
const RAW_EXEC_DONE = '\x04>';
const FRIENDLY_PROMPT = '>>> ';

export class ReplDriver {
  /**
   * @param vm {processChar(c): number, stashPasted(code: Uint8Array): void}
   * @param out TerminalOutput
   * @param rawPasteMode 'emulate' | 'refuse'
   */
  constructor(vm, out, rawPasteMode) {
    this.vm = vm;
    this.out = out;
    this.rawPasteMode = rawPasteMode;
    this.raw = false; // REPL mode, followed from the prompts the C REPL prints
    this.rawLine = []; // first bytes of the current raw-REPL line (pyexec's repl_line)
    this.rawLineLen = 0;
    this.paste = null; // raw-paste transfer in progress
  }

  /** Call after the VM (re)started its REPL: the prompt it printed tells the mode. */
  afterInit() {
    this.#followMode();
  }

  /** One byte typed by the client. Returns true if the VM asked for a soft reset. */
  key(c) {
    if (this.paste) return this.#pasteByte(c);
    if (this.raw && c === CTRL_A && this.rawLineLen === 2 && this.rawLine[0] === CTRL_E && this.rawLine[1] === 0x41) {
      if (this.rawPasteMode === 'emulate') {
        this.#startPaste();
        return false;
      }
      // Firmware without raw-paste treats "\x05A" as line text and \x01 as "re-enter raw REPL":
      // the client sees the raw banner again and falls back (pyboard.py, mpremote).
      return this.#toVm(CTRL_C) || this.#toVm(CTRL_A);
    }
    return this.#toVm(c);
  }

  #toVm(c) {
    if (this.raw) this.#trackRawLine(c);
    const before = this.out.produced;
    const ret = this.vm.processChar(c);
    if (this.out.produced !== before) this.#followMode();
    return (ret & FORCED_EXIT) !== 0;
  }

  // Mirrors pyexec_raw_repl_process_char's edits of repl_line.
  #trackRawLine(c) {
    if (c === CTRL_A || c === CTRL_B || c === CTRL_C || c === CTRL_D) {
      this.rawLineLen = 0;
    } else {
      if (this.rawLineLen < 2) this.rawLine[this.rawLineLen] = c;
      this.rawLineLen++;
    }
  }

  // Every REPL step that changes mode ends by printing that mode's prompt, and code output
  // is always followed by a prompt, so the tail of a step's output tells the mode. Steps
  // without output (raw-REPL line bytes) change nothing.
  #followMode() {
    if (this.out.endsWith(RAW_PROMPT) || this.out.endsWith(RAW_EXEC_DONE)) {
      this.raw = true;
      this.rawLineLen = 0;
    } else if (this.out.endsWith(FRIENDLY_PROMPT)) {
      this.raw = false;
    }
  }

  #startPaste() {
    this.#toVm(CTRL_C); // silently clears "\x05A" from the C raw line
    this.out.write(Buffer.from([0x52, 0x01, RAW_PASTE_WINDOW & 0xff, RAW_PASTE_WINDOW >> 8, 0x01]));
    this.paste = { code: [], remain: RAW_PASTE_WINDOW };
  }

  #pasteByte(c) {
    const paste = this.paste;
    if (c === CTRL_D) {
      this.paste = null;
      this.out.write([CTRL_D]); // end of data acknowledged, as mp_reader_stdin_readbyte does
      return this.#runPasted(Uint8Array.from(paste.code));
    }
    if (c === CTRL_C) {
      // A board raises KeyboardInterrupt from the reader (no traceback entries).
      this.paste = null;
      this.out.write(Buffer.from('\x04\x04KeyboardInterrupt: \r\n\x04>', 'latin1'));
      return false;
    }
    paste.code.push(c);
    if (--paste.remain === 0) {
      paste.remain = RAW_PASTE_WINDOW;
      this.out.write([CTRL_A]); // another window is free
    }
    return false;
  }

  #runPasted(code) {
    // The C raw REPL prints "OK" on Ctrl-D; raw-paste does not, so drop it.
    this.out.dropNext('OK');
    if (code.some((b) => b === CTRL_A || b === CTRL_B)) {
      // Raw-paste carries these (only Ctrl-C/Ctrl-D end it), but to the raw REPL they are
      // commands, so such code cannot be typed into it; run it from Python instead (tracebacks
      // then show one extra frame).
      this.vm.stashPasted(code);
      for (const b of Buffer.from("__import__('_mpsim').exec_pasted(globals())")) this.#toVm(b);
    } else if (code.length === 0) {
      this.#toVm(0x0a); // an empty raw line would mean "soft reset"
    } else {
      for (const b of code) this.#toVm(b);
    }
    return this.#toVm(CTRL_D);
  }
}
