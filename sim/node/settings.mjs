// Every tunable of the simulated device, with its default, read once from the environment.
// The Java side (sim module) launches mpsim.mjs with these variables; nothing else configures it.
import fs from 'node:fs';

export class SettingsError extends Error {}

const DEFAULTS = Object.freeze({
  hostDir: null, //            MPSIM_HOST_DIR     required: the device's flash folder, mounted as '/'
  uid: '240ac4e0c0de', //      MPSIM_UID          hex bytes returned by machine.unique_id()
  heap: 196608, //             MPSIM_HEAP         initial MicroPython GC heap in bytes (the build grows it on demand)
  rawPaste: 'emulate', //      MPSIM_RAW_PASTE    emulate | refuse (refuse = firmware without raw-paste)
  watchdogMs: 2000, //         MPSIM_WATCHDOG_MS  an unconsumed Ctrl-C older than this hard-resets a busy VM
  fsBlocks: 512, //            MPSIM_FS_BLOCKS    4096-byte blocks os.statvfs('/') reports (LittleFS-like)
  machine: 'ESP32 module with ESP32', // MPSIM_MACHINE  banner / os.uname().machine text
});

// Fixed, not tunable: 2048 words is loadMicroPython's default Python stack.
export const PYSTACK_WORDS = 2048;
// Exit code of the VM worker for machine.reset() (EX_TEMPFAIL: "try again" = reboot).
export const EXIT_MACHINE_RESET = 75;

function int(env, name, fallback, min, max) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[0-9]+$/.test(raw)) throw new SettingsError(`${name}=${JSON.stringify(raw)}: not a decimal integer`);
  const value = Number(raw);
  if (value < min || value > max) throw new SettingsError(`${name}=${raw}: must be between ${min} and ${max}`);
  return value;
}

export function settingsFromEnv(env = process.env) {
  const hostDir = env.MPSIM_HOST_DIR;
  if (!hostDir) throw new SettingsError('MPSIM_HOST_DIR is required (the device flash folder)');
  let st;
  try {
    st = fs.statSync(hostDir);
  } catch (e) {
    throw new SettingsError(`MPSIM_HOST_DIR=${hostDir}: ${e.code || e.message}`);
  }
  if (!st.isDirectory()) throw new SettingsError(`MPSIM_HOST_DIR=${hostDir}: not a directory`);

  const uid = (env.MPSIM_UID || DEFAULTS.uid).toLowerCase();
  if (!/^([0-9a-f]{2}){1,32}$/.test(uid)) {
    throw new SettingsError(`MPSIM_UID=${JSON.stringify(env.MPSIM_UID)}: need 1 to 32 bytes as an even number of hex digits`);
  }
  const rawPaste = env.MPSIM_RAW_PASTE || DEFAULTS.rawPaste;
  if (rawPaste !== 'emulate' && rawPaste !== 'refuse') {
    throw new SettingsError(`MPSIM_RAW_PASTE=${JSON.stringify(rawPaste)}: must be emulate or refuse`);
  }
  const machine = env.MPSIM_MACHINE || DEFAULTS.machine;
  if (!/^[\x20-\x7e]{1,64}$/.test(machine)) {
    throw new SettingsError('MPSIM_MACHINE: must be 1 to 64 printable ASCII characters');
  }
  return Object.freeze({
    hostDir: fs.realpathSync(hostDir),
    uid,
    heap: int(env, 'MPSIM_HEAP', DEFAULTS.heap, 16384, 1 << 30),
    rawPaste,
    watchdogMs: int(env, 'MPSIM_WATCHDOG_MS', DEFAULTS.watchdogMs, 50, 600000),
    fsBlocks: int(env, 'MPSIM_FS_BLOCKS', DEFAULTS.fsBlocks, 8, 1 << 24),
    machine,
  });
}
