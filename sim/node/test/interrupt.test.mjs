// Ctrl-C, the watchdog for loops nothing can interrupt, and machine.reset().
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SimProcess } from '../test-support/sim-process.mjs';

const KBD_TRACEBACK = /Traceback \(most recent call last\):\r\n  File "<stdin>", line \d+, in <module>\r\nKeyboardInterrupt: \r\n/;

describe('Ctrl-C', () => {
  let sim;
  before(async () => {
    sim = SimProcess.start();
    await sim.waitForEvent('ready');
  });
  after(() => sim.stop());

  it('stops a sleep loop in the friendly REPL and keeps the VM state', async () => {
    let m = sim.mark();
    sim.send('import time; kept = 42\r');
    await sim.waitForOutput('>>> ', m);
    m = sim.mark();
    sim.send('while True: time.sleep(0.1)\r');
    await sim.waitForOutput('... ', m);
    sim.send('\r');
    await sim.waitForOutput('\r\n', m + 'while True: time.sleep(0.1)\r\n... '.length);
    sim.send('\x03');
    await sim.waitForOutput('>>> ', m);
    assert.match(sim.text(m), KBD_TRACEBACK);
    m = sim.mark();
    sim.send('print(kept)\r');
    await sim.waitForOutput('42\r\n>>> ', m);
    assert.deepEqual(sim.events(), ['ready']);
  });

  it('stops a print loop in the raw REPL with the board\'s framing', async () => {
    let m = sim.mark();
    sim.send('\x01');
    await sim.waitForOutput('exit\r\n>', m);
    m = sim.mark();
    sim.send('n = 0\nwhile True:\n    n += 1\n    print(n)\n\x04');
    await sim.waitForOutput('100\r\n', m);
    sim.send('\x03');
    await sim.waitForOutput('\x04>', m);
    const text = sim.text(m);
    assert.ok(text.startsWith('OK1\r\n2\r\n'));
    assert.match(text, /\r\n\x04Traceback \(most recent call last\):\r\n  File "<stdin>", line 4, in <module>\r\nKeyboardInterrupt: \r\n\x04>$/);
    assert.equal(await sim.rawExec('print(n > 100)'), 'OKTrue\r\n\x04\x04>');
    assert.deepEqual(sim.events(), ['ready']);
  });

  it('interrupts input() (raw REPL)', async () => {
    const m = sim.mark();
    sim.send('input("q? ")\x04');
    await sim.waitForOutput('q? ', m);
    sim.send('\x03');
    await sim.waitForOutput('\x04>', m);
    assert.match(sim.text(m), /KeyboardInterrupt: \r\n\x04>$/);
  });
});

describe('watchdog', () => {
  let sim;
  before(async () => {
    sim = SimProcess.start({ env: { MPSIM_WATCHDOG_MS: '300' }, files: { 'boot.py': 'print("BOOT-MARK")\n' } });
    await sim.waitForEvent('ready');
  });
  after(() => sim.stop());

  it('hard-resets a VM spinning in `while True: pass` after an unanswered Ctrl-C', async () => {
    let m = sim.mark();
    sim.send('lost = 1\r');
    await sim.waitForOutput('>>> ', m);
    sim.send('while True: pass\r\r');
    await sim.waitForOutput('... \r\n', m);
    m = sim.mark();
    sim.send('\x03');
    await sim.waitForEvent('ready', 2);
    assert.deepEqual(sim.events(), ['ready', 'hard-reset reason=watchdog', 'ready']);
    await sim.waitForOutput('>>> ', m);
    assert.match(sim.text(m), /^BOOT-MARK\r\nMicroPython v1\.27\.0/);
    m = sim.mark();
    sim.send('import machine; print("lost" in globals(), machine.reset_cause() == machine.WDT_RESET)\r');
    await sim.waitForOutput('>>> ', m);
    assert.match(sim.text(m), /\r\nFalse True\r\n>>> $/);
  });
});

describe('machine.reset()', () => {
  let sim;
  before(async () => {
    sim = SimProcess.start();
    await sim.waitForEvent('ready');
  });
  after(() => sim.stop());

  it('hard-resets the board', async () => {
    let m = sim.mark();
    sim.send('import machine; machine.reset()\r');
    await sim.waitForEvent('ready', 2);
    assert.deepEqual(sim.events(), ['ready', 'hard-reset reason=machine.reset', 'ready']);
    await sim.waitForOutput('>>> ', m);
    m = sim.mark();
    sim.send('import machine; print(machine.reset_cause() == machine.SOFT_RESET)\r');
    await sim.waitForOutput('True\r\n>>> ', m);
  });
});

describe('Ctrl-C during boot.py', () => {
  let sim;
  before(() => {
    sim = SimProcess.start({ files: {
      'boot.py': 'import time\nprint("in boot")\nwhile True: time.sleep(0.05)\n',
      'main.py': 'x = 1\n1/0\n',
    } });
  });
  after(() => sim.stop());

  it('stops boot.py with a board-style traceback, runs main.py, then the REPL', async () => {
    await sim.waitForOutput('in boot\r\n');
    assert.deepEqual(sim.events(), []);
    sim.send('\x03');
    await sim.waitForEvent('ready');
    await sim.waitForOutput('>>> ');
    assert.equal(sim.text(), 'in boot\r\nTraceback (most recent call last):\r\n  File "boot.py", line 3, in <module>\r\n'
      + 'KeyboardInterrupt: \r\nTraceback (most recent call last):\r\n  File "main.py", line 2, in <module>\r\n'
      + 'ZeroDivisionError: divide by zero\r\nMicroPython v1.27.0 on 2025-12-10; ESP32 module with ESP32\r\n'
      + 'Type "help()" for more information.\r\n>>> ');
  });
});

describe('VM crash', () => {
  let sim;
  before(async () => {
    sim = SimProcess.start();
    await sim.waitForEvent('ready');
  });
  after(() => sim.stop());

  it('is reported and the board restarts', async () => {
    const m = sim.mark();
    sim.send('import js; js.globalThis.process.exit(3)\r'); // ends the VM thread the way a JS fault would
    await sim.waitForEvent('ready', 2);
    assert.deepEqual(sim.events(), ['ready', 'error VM stopped unexpectedly (exit code 3)', 'hard-reset reason=crash', 'ready']);
    await sim.waitForOutput('for more information.\r\n>>> ', m);
    const m2 = sim.mark();
    sim.send('print("alive")\r');
    await sim.waitForOutput('alive\r\n>>> ', m2);
  });
});
