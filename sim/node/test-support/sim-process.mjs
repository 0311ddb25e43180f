// Test helper: runs the real wrapper (node mpsim.mjs) on a fresh temporary flash folder and
// lets a test type bytes and wait for device output or `[mpsim]` events.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MPSIM = new URL('../mpsim.mjs', import.meta.url).pathname;

export class SimProcess {
  /** files: {name: content} written into the flash folder before start; env: extra MPSIM_* */
  static start({ files = {}, env = {} } = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-test-'));
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    return new SimProcess(dir, env);
  }

  constructor(dir, env) {
    this.dir = dir;
    this.started = performance.now();
    this.out = Buffer.alloc(0); // all stdout so far
    this.err = ''; // all stderr so far
    this.waiters = new Set();
    this.exited = new Promise((resolve) => {
      this.child = spawn(process.execPath, [MPSIM], {
        cwd: os.tmpdir(),
        env: { ...process.env, MPSIM_HOST_DIR: dir, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      this.child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        this.#check();
        resolve(this.exitInfo);
      });
    });
    this.child.stdin.on('error', () => {}); // the process may exit before we stop writing
    this.child.stdout.on('data', (d) => {
      this.out = Buffer.concat([this.out, d]);
      this.#check();
    });
    this.child.stderr.on('data', (d) => {
      this.err += d.toString('latin1');
      this.#check();
    });
  }

  /** Device output from `mark` (a byte offset from this.mark()) to `end` as a latin1 string. */
  text(mark = 0, end = this.out.length) {
    return this.out.subarray(mark, end).toString('latin1');
  }

  mark() {
    return this.out.length;
  }

  send(bytes) {
    this.child.stdin.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Resolves when predicate() is true; rejects after timeoutMs with what was seen. */
  waitUntil(predicate, timeoutMs = 5000, what = 'condition') {
    return new Promise((resolve, reject) => {
      const waiter = { predicate, resolve, reject };
      waiter.timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timeout waiting for ${what}; stdout=${JSON.stringify(this.text().slice(-400))} stderr=${JSON.stringify(this.err)}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      this.#check();
    });
  }

  /** Waits until stdout after `mark` contains text; resolves with the output after mark. */
  async waitForOutput(text, mark = 0, timeoutMs = 5000) {
    await this.waitUntil(() => this.text(mark).includes(text), timeoutMs, JSON.stringify(text));
    return this.text(mark);
  }

  /** Waits until stderr holds `count` lines equal to `[mpsim] line` in total. */
  waitForEvent(line, count = 1, timeoutMs = 5000) {
    return this.waitUntil(() => this.events().filter((e) => e === line).length >= count, timeoutMs, `event "${line}" x${count}`);
  }

  events() {
    return this.err.split('\n').filter((l) => l.startsWith('[mpsim] ')).map((l) => l.slice(8).replace(/ @\d+$/, ''));
  }

  /** Raw REPL round trip: code + Ctrl-D, resolves with the bytes up to the final "\x04>". */
  async rawExec(code, timeoutMs = 5000) {
    const m = this.mark();
    this.send(code + '\x04');
    await this.waitUntil(() => /\x04[^\x04]*\x04>$/.test(this.text(m)), timeoutMs, `raw result of ${JSON.stringify(code)}`);
    return this.text(m);
  }

  async stop() {
    if (!this.exitInfo) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  #check() {
    for (const w of this.waiters) {
      let ok = false;
      try {
        ok = w.predicate();
      } catch (e) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.reject(e);
        continue;
      }
      if (ok) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }
}
