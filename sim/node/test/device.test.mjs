// What host tools read from the board: its flash folder, identity, errors and platform modules.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SimProcess } from '../test-support/sim-process.mjs';

describe('device', () => {
  let sim;
  before(async () => {
    sim = SimProcess.start({ env: { MPSIM_UID: 'A1B2C3D4E5F6' }, files: { 'boot.py': '# empty\n' } });
    await sim.waitForEvent('ready');
    const m = sim.mark();
    sim.send('\x01');
    await sim.waitForOutput('exit\r\n>', m);
  });
  after(() => sim.stop());

  const run = (code) => sim.rawExec(code);

  it('writes Python files into the host folder at once', async () => {
    assert.equal(await run('f = open("/out.txt", "w"); f.write("from device"); f.flush()'), 'OK\x04\x04>');
    assert.equal(fs.readFileSync(path.join(sim.dir, 'out.txt'), 'utf8'), 'from device');
    assert.equal(await run('f.close(); import os; os.mkdir("/lib"); os.rename("/out.txt", "/lib/moved.txt")'), 'OK\x04\x04>');
    assert.deepEqual(fs.readdirSync(path.join(sim.dir, 'lib')), ['moved.txt']);
    assert.equal(fs.existsSync(path.join(sim.dir, 'out.txt')), false);
  });

  it('sees files the host adds, changes and removes', async () => {
    fs.writeFileSync(path.join(sim.dir, 'host.txt'), 'from host');
    assert.equal(await run('import os; print(sorted(os.listdir("/")), open("host.txt").read())'),
      "OK['boot.py', 'host.txt', 'lib'] from host\r\n\x04\x04>");
    fs.rmSync(path.join(sim.dir, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(sim.dir, 'host.txt'), 'changed');
    assert.equal(await run('os.mkdir("/lib"); print(os.listdir("/lib"), open("host.txt").read())'),
      'OK[] changed\r\n\x04\x04>');
    fs.rmSync(path.join(sim.dir, 'host.txt'));
    assert.match(await run('open("host.txt")'), /OSError: \[Errno 2\] ENOENT\r\n\x04>$/);
  });

  it('maps OSError numbers to the values a board uses', async () => {
    assert.equal(await run('open("/nope")'), 'OK\x04Traceback (most recent call last):\r\n'
      + '  File "<stdin>", line 1, in <module>\r\nOSError: [Errno 2] ENOENT\r\n\x04>');
    assert.match(await run('os.mkdir("/lib")'), /\r\nOSError: \[Errno 17\] EEXIST\r\n\x04>$/);
    // errno has no name for ENOTDIR on boards either, so the number prints bare.
    assert.match(await run('os.rmdir("/boot.py")'), /\r\nOSError: 20\r\n\x04>$/);
    assert.match(await run('open("/lib", "w")'), /\r\nOSError: \[Errno 21\] EISDIR\r\n\x04>$/);
  });

  it('reports machine.unique_id() from MPSIM_UID', async () => {
    assert.equal(await run('import machine, binascii; print(binascii.hexlify(machine.unique_id()))'),
      "OKb'a1b2c3d4e5f6'\r\n\x04\x04>");
  });

  it('looks like an ESP32 with LittleFS', async () => {
    assert.equal(await run('print(os.uname())'), "OK(sysname='esp32', nodename='esp32', release='1.27.0', "
      + "version='v1.27.0 on 2025-12-10', machine='ESP32 module with ESP32')\r\n\x04\x04>");
    assert.equal(await run('print(os.uname().machine, os.uname().sysname)'), 'OKESP32 module with ESP32 esp32\r\n\x04\x04>');
    const st = await run('print(os.statvfs("/"))');
    assert.match(st, /^OK\(4096, 4096, 512, (\d+), \1, 0, 0, 0, 0, 255\)\r\n\x04\x04>$/);
    assert.match(await run('print(os.stat("/boot.py"), os.stat("/lib")[:7])'),
      /^OK\(32768, 0, 0, 0, 0, 0, 8, \d+, \d+, \d+\) \(16384, 0, 0, 0, 0, 0, 0\)\r\n\x04\x04>$/);
    assert.equal(await run('print(sorted(os.ilistdir("/"))[0][:2], list(os.ilistdir("/"))[0][2:])'),
      "OK('boot.py', 32768) (0, 8)\r\n\x04\x04>");
  });

  it('has the C binascii, gc figures and network', async () => {
    assert.equal(await run('import binascii; print(binascii.a2b_base64("aGk="), binascii.b2a_base64(b"hi"))'),
      "OKb'hi' b'aGk=\\n'\r\n\x04\x04>");
    assert.equal(await run('import gc; gc.collect(); print(gc.mem_free() > 0, gc.mem_alloc() > 0)'), 'OKTrue True\r\n\x04\x04>');
    assert.equal(await run('import network; w = network.WLAN(network.STA_IF); print(w.isconnected(), w.ifconfig()[0])'),
      'OKTrue 127.0.0.1\r\n\x04\x04>');
  });
});
