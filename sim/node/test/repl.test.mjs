// The REPL modes a WebREPL client drives, byte for byte as a board answers them.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SimProcess } from '../test-support/sim-process.mjs';

describe('friendly and raw REPL', () => {
  let sim;
  before(async () => {
    sim = SimProcess.start({ files: { 'boot.py': 'print("BOOT-MARK")\n' } });
    await sim.waitForEvent('ready');
  });
  after(() => sim.stop());

  it('boots like a board: boot.py output, ESP32 banner, prompt', () => {
    assert.equal(sim.text(), 'BOOT-MARK\r\nMicroPython v1.27.0 on 2025-12-10; ESP32 module with ESP32\r\n'
      + 'Type "help()" for more information.\r\n>>> ');
  });

  it('echoes a line and cooks print output to CRLF', async () => {
    const m = sim.mark();
    sim.send('print(1+1)\r');
    await sim.waitForOutput('>>> ', m);
    assert.equal(sim.text(m), 'print(1+1)\r\n2\r\n>>> ');
  });

  it('prints tracebacks like a board', async () => {
    const m = sim.mark();
    sim.send('1/0\r');
    await sim.waitForOutput('>>> ', m);
    assert.equal(sim.text(m), '1/0\r\nTraceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\n'
      + 'ZeroDivisionError: divide by zero\r\n>>> ');
  });

  it('runs paste mode', async () => {
    const m = sim.mark();
    sim.send('\x05');
    await sim.waitForOutput('=== ', m);
    sim.send('for i in range(2):\r    print("p", i)\r\x04');
    await sim.waitForOutput('p 1\r\n>>> ', m);
    assert.equal(sim.text(m), '\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== for i in range(2):\r\n'
      + '===     print("p", i)\r\n=== \r\np 0\r\np 1\r\n>>> ');
  });

  it('reads input() with echo', async () => {
    const m = sim.mark();
    sim.send('name = input("name? ")\r');
    await sim.waitForOutput('name? ', m);
    sim.send('bob\r');
    await sim.waitForOutput('>>> ', m);
    sim.send('print(name * 2)\r');
    await sim.waitForOutput('bobbob\r\n>>> ', m);
    assert.equal(sim.text(m), 'name = input("name? ")\r\nname? bob\r\n>>> print(name * 2)\r\nbobbob\r\n>>> ');
  });

  it('enters raw REPL and runs code: OK, output, \\x04, errors, \\x04>', async () => {
    let m = sim.mark();
    sim.send('\x01');
    await sim.waitForOutput('exit\r\n>', m);
    assert.equal(sim.text(m), '\r\nraw REPL; CTRL-B to exit\r\n>');
    assert.equal(await sim.rawExec('print("hi")'), 'OKhi\r\n\x04\x04>');
    assert.equal(await sim.rawExec('print("a"); 1/0'), 'OKa\r\n\x04Traceback (most recent call last):\r\n'
      + '  File "<stdin>", line 1, in <module>\r\nZeroDivisionError: divide by zero\r\n\x04>');
    m = sim.mark();
    sim.send('\x02');
    await sim.waitForOutput('>>> ', m);
    assert.equal(sim.text(m), '\r\nMicroPython v1.27.0 on 2025-12-10; ESP32 module with ESP32\r\n'
      + 'Type "help()" for more information.\r\n>>> ');
  });
});

describe('soft reset', () => {
  let sim;
  before(async () => {
    sim = SimProcess.start({ files: { 'boot.py': 'print("BOOT-MARK")\nbooted = True\n', 'main.py': 'print("MAIN-MARK")\n' } });
    await sim.waitForEvent('ready');
  });
  after(() => sim.stop());

  it('Ctrl-D at the friendly prompt reboots: soft-reset, boot.py and main.py again, ready', async () => {
    let m = sim.mark();
    sim.send('x = 5\r');
    await sim.waitForOutput('>>> ', m);
    m = sim.mark();
    sim.send('\x04');
    await sim.waitForEvent('ready', 2);
    assert.deepEqual(sim.events(), ['ready', 'soft-reset', 'ready']);
    await sim.waitForOutput('>>> ', m);
    assert.equal(sim.text(m), '\r\nMPY: soft reboot\r\nBOOT-MARK\r\nMAIN-MARK\r\nMicroPython v1.27.0 on 2025-12-10; '
      + 'ESP32 module with ESP32\r\nType "help()" for more information.\r\n>>> ');
    m = sim.mark();
    sim.send('print(booted, "x" in globals())\r');
    await sim.waitForOutput('>>> ', m);
    assert.match(sim.text(m), /\r\nTrue False\r\n>>> $/);
  });

  it('Ctrl-D on an empty raw REPL line reboots and stays in raw mode without main.py', async () => {
    let m = sim.mark();
    sim.send('\x01');
    await sim.waitForOutput('exit\r\n>', m);
    m = sim.mark();
    sim.send('\x04');
    await sim.waitForEvent('ready', 3);
    await sim.waitForOutput('exit\r\n>', m);
    assert.equal(sim.text(m), 'OK\r\nMPY: soft reboot\r\nBOOT-MARK\r\nraw REPL; CTRL-B to exit\r\n>');
    assert.equal(await sim.rawExec('print(1)'), 'OK1\r\n\x04\x04>');
    m = sim.mark();
    sim.send('\x02');
    await sim.waitForOutput('>>> ', m);
  });

  it('sys.exit() reboots too', async () => {
    const m = sim.mark();
    sim.send('import sys; sys.exit()\r');
    await sim.waitForEvent('ready', 4);
    await sim.waitForOutput('>>> ', m);
    assert.match(sim.text(m), /MPY: soft reboot\r\nBOOT-MARK\r\n/);
    assert.deepEqual(sim.events().filter((e) => e === 'soft-reset').length, 3);
  });
});
