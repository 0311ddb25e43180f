// The simulated second-stage bootloader's OTA choice, made once per power-on or hard reset (a
// soft reset keeps the running app, as on a board). It reads what esp32.Partition.set_boot()
// wrote (setup.py: <flash>/.sim_flash/otadata.json) and follows ESP-IDF with app rollback enabled:
//   state "new"     -> first boot of that app: boot it, now "pending" verification;
//   state "pending" -> it booted once and nobody called mark_app_valid_cancel_rollback():
//                      roll back to the previous app;
//   anything else   -> boot the recorded app ("valid"). No otadata: ota_0, the factory state.
import fs from 'node:fs';
import path from 'node:path';

export const FLASH_DIR = '.sim_flash';
export const DEFAULT_APP = 'ota_0';
const APPS = new Set(['ota_0', 'ota_1']);

function write(file, data) {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(data));
  fs.renameSync(`${file}.tmp`, file);
}

/** The label of the app partition that runs now; updates otadata.json as the bootloader would. */
export function bootPartition(hostDir) {
  const file = path.join(hostDir, FLASH_DIR, 'otadata.json');
  let d;
  try {
    d = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return DEFAULT_APP;
  }
  if (!d || !APPS.has(d.boot)) return DEFAULT_APP;
  if (d.state === 'new') {
    write(file, { ...d, state: 'pending' });
    return d.boot;
  }
  if (d.state === 'pending') {
    const back = APPS.has(d.previous) ? d.previous : DEFAULT_APP;
    write(file, { boot: back, state: 'valid', previous: d.boot, rolledBack: true });
    return back;
  }
  return d.boot;
}
