// Process contract with the Java side: settings errors, EOF and SIGTERM end the process.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SimProcess } from '../test-support/sim-process.mjs';

const MPSIM = new URL('../mpsim.mjs', import.meta.url).pathname;

function exitWithin(sim, ms) {
  return Promise.race([
    sim.exited,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms).unref()),
  ]);
}

describe('process lifecycle', () => {
  let sim;
  afterEach(() => sim?.stop());

  it('finishes what was typed, then exits on stdin EOF', async () => {
    sim = SimProcess.start();
    await sim.waitForEvent('ready');
    sim.send('print(6*7)\r');
    sim.child.stdin.end();
    const { code } = await exitWithin(sim, 3000);
    assert.equal(code, 0);
    assert.match(sim.text(), /print\(6\*7\)\r\n42\r\n>>> $/);
  });

  it('exits on stdin EOF even while Python code spins', async () => {
    sim = SimProcess.start();
    await sim.waitForEvent('ready');
    const m = sim.mark();
    sim.send('while True: pass\r\r');
    await sim.waitForOutput('... \r\n', m);
    sim.child.stdin.end();
    const { code } = await exitWithin(sim, 3000);
    assert.equal(code, 0);
  });

  it('exits on SIGTERM', async () => {
    sim = SimProcess.start();
    await sim.waitForEvent('ready');
    sim.child.kill('SIGTERM');
    const { code, signal } = await exitWithin(sim, 3000);
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
  });

  it('tells in every event how much stdout came before it (the Java side orders the two pipes by it)', async () => {
    sim = SimProcess.start();
    await sim.waitForEvent('ready');
    const offsets = () => [...sim.err.matchAll(/^\[mpsim\] (\S+).* @(\d+)$/gm)].map((m) => [m[1], Number(m[2])]);
    // the boot banner is written before "ready": a client that connects after "ready" must not see it
    const banner = sim.mark();
    assert.match(sim.text(), /Type "help\(\)" for more information\.\r\n>>> $/);
    assert.deepEqual(offsets(), [['ready', banner]]);
    sim.send('print(1)\r\x04');
    await sim.waitForEvent('ready', 2);
    const [[, first], [soft, beforeReboot], [again, afterBoot]] = offsets();
    assert.equal(first, banner);
    assert.equal(soft, 'soft-reset');
    assert.equal(sim.text(banner, beforeReboot), 'print(1)\r\n1\r\n>>> \r\n'); // Ctrl-D's CRLF, then the event
    assert.equal(again, 'ready');
    assert.equal(afterBoot, sim.mark());
    assert.match(sim.text(beforeReboot), /^MPY: soft reboot\r\n/);
  });

  it('names the bad setting and exits with status 2', () => {
    const env = { ...process.env };
    delete env.MPSIM_HOST_DIR;
    let r = spawnSync(process.execPath, [MPSIM], { env, input: '', timeout: 5000 });
    assert.equal(r.status, 2);
    assert.equal(r.stderr.toString(), '[mpsim] error MPSIM_HOST_DIR is required (the device flash folder)\n');
    r = spawnSync(process.execPath, [MPSIM], { env: { ...env, MPSIM_HOST_DIR: '/', MPSIM_UID: 'xyz' }, input: '', timeout: 5000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr.toString(), /^\[mpsim\] error MPSIM_UID="xyz": /);
  });
});
