// Raw-paste mode (what mpremote and upyd use to send code): bytes and flow control as on a board.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { SimProcess } from '../test-support/sim-process.mjs';

/**
 * A host-side raw-paste writer that never sends more than the device granted.
 * Returns the number of credit grants (\x01) seen and the device bytes after the data.
 */
async function rawPaste(sim, code) {
  let cursor = sim.mark();
  sim.send('\x05A\x01');
  await sim.waitUntil(() => sim.out.length >= cursor + 4, 3000, 'raw-paste header');
  assert.equal(sim.text(cursor).slice(0, 2), 'R\x01');
  const window = sim.out.readUInt16LE(cursor + 2);
  cursor += 4;
  let credit = window; // sending the window size grants the first window
  let grants = 0;
  let sent = 0;
  while (sent < code.length) {
    while (cursor < sim.out.length) {
      const b = sim.out[cursor++];
      assert.equal(b, 0x01, `unexpected byte ${b} while sending`);
      grants++;
      credit += window;
    }
    if (credit === 0) {
      const at = cursor;
      await sim.waitUntil(() => sim.out.length > at, 3000, `credit after ${sent} bytes`);
      continue;
    }
    const n = Math.min(credit, code.length - sent);
    sim.send(code.subarray(sent, sent + n));
    sent += n;
    credit -= n;
  }
  sim.send('\x04');
  const end = cursor;
  await sim.waitUntil(() => /\x04>$/.test(sim.text(end)) && sim.text(end).split('\x04').length >= 4, 5000, 'end of raw-paste');
  const tail = sim.text(end);
  const endAck = tail.indexOf('\x04');
  grants += [...tail.slice(0, endAck)].filter((c) => c === '\x01').length; // late grants
  return { window, grants, reply: tail.slice(endAck) };
}

describe('raw-paste (emulated)', () => {
  let sim;
  before(async () => {
    sim = SimProcess.start();
    await sim.waitForEvent('ready');
    const m = sim.mark();
    sim.send('\x01');
    await sim.waitForOutput('exit\r\n>', m);
  });
  after(() => sim.stop());

  it('answers like repl.rst: R\\x01, window 128, \\x01, then \\x04 output \\x04\\x04>', async () => {
    const { window, reply } = await rawPaste(sim, Buffer.from('print(123)'));
    assert.equal(window, 128);
    assert.equal(reply, '\x04123\r\n\x04\x04>');
  });

  it('matches the bytes of a real board (transcript 02_wss_raw_repl)', async () => {
    const { reply } = await rawPaste(sim, Buffer.from("for i in range(3):\n    print('raw-paste', i)\n"));
    assert.equal(reply, '\x04raw-paste 0\r\nraw-paste 1\r\nraw-paste 2\r\n\x04\x04>');
  });

  it('delivers a 10 kB script intact with a grant per 128-byte window', async () => {
    const body = crypto.randomBytes(7600).toString('base64').replace(/(.{76})/g, '$1\n');
    const digest = crypto.createHash('sha256').update(body).digest('hex');
    const code = Buffer.from(`s = """${body}"""\nimport hashlib, binascii\n`
      + 'print(len(s), binascii.hexlify(hashlib.sha256(s).digest()).decode())\n');
    assert.ok(code.length > 10000);
    const { grants, reply } = await rawPaste(sim, code);
    assert.equal(reply, `\x04${body.length} ${digest}\r\n\x04\x04>`);
    assert.equal(grants, 1 + Math.floor(code.length / 128));
  });

  it('reports a syntax error after the end-of-data \\x04', async () => {
    const { reply } = await rawPaste(sim, Buffer.from('def ('));
    assert.equal(reply, '\x04\x04Traceback (most recent call last):\r\n  File "<stdin>", line 1\r\n'
      + 'SyntaxError: invalid syntax\r\n\x04>');
  });

  it('runs code holding the raw-REPL command bytes \\x01 and \\x02', async () => {
    const { reply } = await rawPaste(sim, Buffer.from('print(len("\x01\x02"), 7)'));
    assert.equal(reply, '\x042 7\r\n\x04\x04>');
  });

  it('stops on Ctrl-C in the data with KeyboardInterrupt, like a board', async () => {
    let m = sim.mark();
    sim.send('\x05A\x01');
    await sim.waitUntil(() => sim.out.length >= m + 5, 3000, 'raw-paste header');
    m = sim.mark();
    sim.send('print(1)\x03');
    await sim.waitForOutput('\x04>', m);
    assert.equal(sim.text(m), '\x04\x04KeyboardInterrupt: \r\n\x04>');
  });

  it('keeps the plain raw REPL working afterwards', async () => {
    assert.equal(await sim.rawExec('print(2*21)'), 'OK42\r\n\x04\x04>');
  });
});

describe('raw-paste refused (MPSIM_RAW_PASTE=refuse)', () => {
  let sim;
  before(async () => {
    sim = SimProcess.start({ env: { MPSIM_RAW_PASTE: 'refuse' } });
    await sim.waitForEvent('ready');
    const m = sim.mark();
    sim.send('\x01');
    await sim.waitForOutput('exit\r\n>', m);
  });
  after(() => sim.stop());

  it('answers like old firmware, so clients fall back to the raw REPL', async () => {
    const m = sim.mark();
    sim.send('\x05A\x01');
    await sim.waitForOutput('>', m);
    assert.equal(sim.text(m), 'raw REPL; CTRL-B to exit\r\n>');
    assert.equal(await sim.rawExec('print("fallback")'), 'OKfallback\r\n\x04\x04>');
  });
});
