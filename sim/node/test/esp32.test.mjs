// esp32.Partition on the simulated board (setup.py) and the simulated bootloader (ota-boot.mjs):
// what an OTA update relies on, down to the bytes in <flash>/.sim_flash.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SimProcess } from '../test-support/sim-process.mjs';

describe('esp32.Partition', () => {
  let sim;
  const enterRaw = async () => {
    const m = sim.mark();
    sim.send('\x01');
    await sim.waitForOutput('exit\r\n>', m);
  };
  const hardReset = async (count) => {
    sim.send('import machine; machine.reset()\x04');
    await sim.waitForEvent('ready', count, 10000);
    await enterRaw();
  };
  /** Runs code in the raw REPL and returns what it printed (throws on a traceback). */
  const run = async (code) => {
    const r = await sim.rawExec(code);
    const m = /^OK([^\x04]*)\x04([^\x04]*)\x04>$/.exec(r);
    assert.ok(m, `unexpected raw answer ${JSON.stringify(r)}`);
    if (m[2]) throw new Error(m[2]);
    return m[1].replace(/\r\n/g, '\n');
  };
  const flash = (name) => path.join(sim.dir, '.sim_flash', name);
  const otadata = () => JSON.parse(fs.readFileSync(flash('otadata.json'), 'utf8'));

  before(async () => {
    sim = SimProcess.start();
    await sim.waitForEvent('ready');
    await enterRaw();
  });
  after(() => sim.stop());

  it('has MicroPython\'s OTA partition table and runs ota_0 from the start', async () => {
    assert.equal(await run('from esp32 import Partition as P\nprint(P(P.RUNNING).info())\n'
      + 'print([p.info()[4] for p in P.find(P.TYPE_APP)], [p.info()[4] for p in P.find(P.TYPE_DATA)])\n'
      + 'print(P(P.RUNNING).get_next_update(), P(P.BOOT) == P("ota_0"))'),
    "(0, 16, 65536, 1572864, 'ota_0', False)\n['ota_0', 'ota_1'] ['nvs', 'otadata', 'phy_init', 'vfs']\n"
      + '<Partition type=0, subtype=17, address=1638400, size=1572864, label=ota_1, encrypted=0> True\n');
    assert.match(await sim.rawExec('P("nope")'), /ValueError: partition not found/);
  });

  it('reads 0xFF where nothing was written; writeblocks erases, an offset write only clears bits', async () => {
    assert.equal(await run('p = P("ota_1")\nb = bytearray(8)\np.readblocks(3, b)\nprint(b)\n'
      + 'p.writeblocks(1, b"\\x0f" * 4096)\np.writeblocks(1, b"\\xf0\\x33", 2)\nb = bytearray(6)\np.readblocks(1, b)\nprint(b)\n'
      + 'p.writeblocks(1, b"\\xaa" * 4096)\np.readblocks(1, b)\nprint(b, p.ioctl(4, 0), p.ioctl(5, 0))\n'
      + 'p.ioctl(6, 1)\np.readblocks(1, b)\nprint(b)'),
    "bytearray(b'\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff')\nbytearray(b'\\x0f\\x0f\\x00\\x03\\x0f\\x0f')\n"
      + "bytearray(b'\\xaa\\xaa\\xaa\\xaa\\xaa\\xaa') 384 4096\nbytearray(b'\\xff\\xff\\xff\\xff\\xff\\xff')\n");
    const bytes = fs.readFileSync(flash('ota_1.bin'));
    assert.equal(bytes.length, 8192);
    assert.ok(bytes.every((x) => x === 0xff), 'block 0 never written, block 1 erased');
    assert.match(await sim.rawExec('p.writeblocks(384, bytearray(4096))'), /OSError: -258/);
  });

  it('refuses to boot a partition without an app image, as esp_ota_set_boot_partition does', async () => {
    assert.match(await sim.rawExec('P("ota_1").set_boot()'), /OSError: -5379/);
    assert.equal(fs.existsSync(flash('otadata.json')), false);
  });

  it('boots the new app after a hard reset, not after a soft one, and keeps it once marked valid', async () => {
    await run('p = P("ota_1")\np.writeblocks(0, b"\\xe9" + b"\\x00" * 4095)\np.set_boot()\nprint(P(P.BOOT))');
    assert.deepEqual(otadata(), { boot: 'ota_1', state: 'new', previous: 'ota_0' });
    sim.send('\x02\x04'); // soft reset from the friendly REPL: the same app keeps running
    await sim.waitForEvent('ready', 2);
    await enterRaw();
    assert.equal(await run('from esp32 import Partition as P\nprint(P(P.RUNNING).info()[4])'), 'ota_0\n');
    await hardReset(3);
    assert.equal(await run('from esp32 import Partition as P\nprint(P(P.RUNNING).info()[4], P(P.BOOT).info()[4])'), 'ota_1 ota_1\n');
    assert.equal(otadata().state, 'pending');
    await run('P.mark_app_valid_cancel_rollback()');
    assert.equal(otadata().state, 'valid');
    await hardReset(4);
    assert.equal(await run('from esp32 import Partition as P\nprint(P(P.RUNNING).info()[4])'), 'ota_1\n');
  });

  it('rolls back when the new app was not marked valid on its first boot', async () => {
    await run('p = P(P.RUNNING).get_next_update()\np.writeblocks(0, b"\\xe9" * 4096)\np.set_boot()');
    await hardReset(5);
    assert.equal(await run('from esp32 import Partition as P\nprint(P(P.RUNNING).info()[4])'), 'ota_0\n');
    await hardReset(6);
    assert.equal(await run('from esp32 import Partition as P\nprint(P(P.RUNNING).info()[4])'), 'ota_1\n');
    assert.equal(otadata().rolledBack, true);
  });

  it('keeps the partitions out of the file system\'s used blocks', async () => {
    const used = async () => Number(await run('import os\ns = os.statvfs("/")\nprint(s[2] - s[3])'));
    const before = await used();
    await run('P("ota_0").writeblocks(100, bytearray(4096))');
    assert.equal(await used(), before);
  });
});
