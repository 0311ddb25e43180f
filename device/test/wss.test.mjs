// upyd_wss / wss_repl / upyd_sha1 inside the real MicroPython interpreter (WebAssembly 1.27.0).
// Pure functions run as they would on a board. The accept/start/stop paths run against the
// harness's in-memory test doubles for socket/ssl/websocket/_webrepl (the wasm build has none),
// so they check the module's own logic and calls, not a real network or a real TLS stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { device, sha1b64 } from '../testlib/harness.mjs';

const py = String.raw;
const UID = '240ac4e0c0de'; // machine.unique_id() of the double, as in the transcripts

// Captured from a MicroPython 1.28 device running upydev's wss_repl (shared transcripts 01, 23).
const UPYDEV_REQUEST = 'GET / HTTP/1.1\r\nHost: 127.0.0.1:8833\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
  'Sec-WebSocket-Key: xRk3cjQPhyVgbQrgTTgo+w==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:8833\r\n\r\n';
const UPYDEV_RESPONSE = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Accept: 1c/TLkb34elYJay7huMI8mGMRiI=\r\n\r\n';
const WEBREPL_CLI_REQUEST = 'GET / HTTP/1.1\r\nHost: echo.websocket.org\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
  'Sec-WebSocket-Key: foo\r\n\r\n';
const WEBREPL_CLI_RESPONSE = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Accept: BM0S0+ghftShuFVHQATK/DBiJq8=\r\n\r\n';
// What Netty/Vert.x send: lower-case header names.
const NETTY_REQUEST = 'GET / HTTP/1.1\r\nhost: 127.0.0.1:8833\r\nupgrade: websocket\r\nconnection: upgrade\r\n' +
  'sec-websocket-key: AAECAwQFBgcICQoLDA0ODw==\r\nsec-websocket-version: 13\r\n\r\n';

const ESP32_CIPHERS = ['TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384', 'TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256',
  'TLS-ECDHE-ECDSA-WITH-AES-128-CCM-8', 'TLS-ECDHE-ECDSA-WITH-AES-256-CCM', 'TLS-ECDHE-ECDSA-WITH-AES-128-CBC-SHA256',
  'TLS-RSA-WITH-AES-128-GCM-SHA256', 'TLS-ECDHE-ECDSA-WITH-AES-256-CCM-8', 'TLS-ECDHE-ECDSA-WITH-AES-128-CCM'];
const STOCK_CIPHERS = ['TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384', 'TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256',
  'TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256', 'TLS-ECDHE-ECDSA-WITH-AES-128-CBC-SHA256'];

/** A PEM certificate block around arbitrary DER-like bytes (pem_to_der only decodes base64). */
function pem(der) {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

/** Device files as `upyd kg ssl -tfkey` leaves them, plus webrepl_cfg.py; returns their bytes. */
function provision(d, { ca = true, pass = 'testpass' } = {}) {
  const key = randomBytes(121);
  const cert = randomBytes(480);
  const caDer = randomBytes(400);
  d.FS.writeFile(`/SSL_key${UID}.der`, key);
  d.FS.writeFile(`/SSL_certificate${UID}.der`, cert);
  if (ca) d.FS.writeFile('/ROOT_CA_cert.pem', pem(caDer));
  d.FS.writeFile('/webrepl_cfg.py', `PASS = '${pass}'\n`);
  d.run("import os\nos.chdir('/')");
  return { key, cert, caDer, caPem: Buffer.from(pem(caDer)) };
}

const hex = (b) => Buffer.from(b).toString('hex');

// ---- pure functions -------------------------------------------------------------------------

test('modules import and carry a __version__', async () => {
  const d = await device({ doubles: false }); // the pure modules need no double at import time
  const v = d.json(py`
import json, upyd_wss, upyd_fs, upyd_sha1, wss_repl
print(json.dumps([upyd_wss.__version__, upyd_fs.__version__, upyd_sha1.__version__, wss_repl.__version__]))`);
  for (const x of v) assert.match(x, /^\d+\.\d+\.\d+$/);
});

test('UID hex and key file names follow upydev', async () => {
  const d = await device();
  const r = d.json(py`
import json, upyd_wss
print(json.dumps([upyd_wss.device_uid(), upyd_wss.uid_hex(b'\x00\xff\x10'),
                  upyd_wss.key_files(upyd_wss.device_uid()), upyd_wss.key_files('abc', '/flash')]))`);
  assert.deepEqual(r, [UID, '00ff10',
    [`SSL_key${UID}.der`, `SSL_certificate${UID}.der`, 'ROOT_CA_cert.pem'],
    ['/flash/SSL_keyabc.der', '/flash/SSL_certificateabc.der', '/flash/ROOT_CA_cert.pem']]);
});

test('accept key: RFC 6455 example and random keys equal Node crypto (pure-Python SHA-1 fallback)', async () => {
  const d = await device();
  // this build's hashlib has no sha1, so accept_key must have used upyd_sha1
  assert.equal(d.run("import hashlib\nprint(hasattr(hashlib, 'sha1'))").trim(), 'False');
  assert.equal(d.run("import upyd_wss\nprint(upyd_wss.accept_key(b'dGhlIHNhbXBsZSBub25jZQ==').decode())").trim(),
    's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  for (let i = 0; i < 5; i++) {
    const key = randomBytes(16).toString('base64');
    const got = d.run(`print(upyd_wss.accept_key(b'${key}').decode())`).trim();
    assert.equal(got, sha1b64(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'));
  }
});

test('upyd_sha1 equals Node SHA-1 across padding boundaries', async () => {
  const d = await device();
  for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
    const data = randomBytes(n);
    const got = d.run(`import upyd_sha1, ubinascii
h = upyd_sha1.sha1(ubinascii.unhexlify('${data.subarray(0, n >> 1).toString('hex')}'))
h.update(ubinascii.unhexlify('${data.subarray(n >> 1).toString('hex')}'))
print(ubinascii.b2a_base64(h.digest()).decode().strip())`).trim();
    assert.equal(got, sha1b64(data), `length ${n}`);
  }
});

test('handshake response is byte-identical to what upydev wss_repl answered on MicroPython 1.28', async () => {
  const d = await device();
  for (const [req, resp] of [[UPYDEV_REQUEST, UPYDEV_RESPONSE], [WEBREPL_CLI_REQUEST, WEBREPL_CLI_RESPONSE]]) {
    d.FS.writeFile('/req.bin', req);
    const got = d.run(py`
import io, upyd_wss, ubinascii
key = upyd_wss.read_request(io.BytesIO(open('/req.bin', 'rb').read()).readline)
print(ubinascii.hexlify(upyd_wss.handshake_response(key)).decode())`).trim();
    assert.equal(Buffer.from(got, 'hex').toString('latin1'), resp);
  }
});

test('request parsing: exact-case and lower-case headers, rejects and bounds', async () => {
  const d = await device();
  const cases = {
    upydev: UPYDEV_REQUEST,
    netty: NETTY_REQUEST,
    browser: 'GET / HTTP/1.1\r\nHost: esp\r\nAccept: text/html\r\n\r\n',
    eof: 'GET / HTTP/1.1\r\nSec-WebSocket-Key: abc\r\n',
    empty: '',
    flood: 'GET / HTTP/1.1\r\n' + 'X-A: b\r\n'.repeat(1000) + 'Sec-WebSocket-Key: abc\r\n\r\n',
    longline: 'GET / HTTP/1.1\r\nX-Long: ' + 'a'.repeat(10000) + '\r\nSec-WebSocket-Key: abc\r\n\r\n',
    nocolon: 'GET / HTTP/1.1\r\ngarbage\r\nSec-WebSocket-Key:   k1  \r\n\r\n',
  };
  for (const [name, req] of Object.entries(cases)) d.FS.writeFile(`/${name}.bin`, req);
  const r = d.json(py`
import io, json, upyd_wss
res = {}
for name in ('upydev', 'netty', 'browser', 'eof', 'empty', 'flood', 'longline', 'nocolon'):
    src = io.BytesIO(open('/%s.bin' % name, 'rb').read())
    calls = [0]
    def rl(n, src=src, calls=calls):
        calls[0] += 1
        return src.readline(n)
    k = upyd_wss.read_request(rl)
    res[name] = [k.decode() if k else None, calls[0]]
print(json.dumps(res))`);
  assert.equal(r.upydev[0], 'xRk3cjQPhyVgbQrgTTgo+w==');
  assert.equal(r.netty[0], 'AAECAwQFBgcICQoLDA0ODw==');
  assert.equal(r.browser[0], null);
  assert.equal(r.eof[0], null);
  assert.equal(r.empty[0], null);
  assert.equal(r.flood[0], null, 'more header lines than MAX_HEADER_LINES');
  assert.ok(r.flood[1] <= 33, `bounded reads, got ${r.flood[1]}`);
  assert.equal(r.longline[0], null, 'a 10000-byte line is read in 256-byte pieces that exhaust the bounds');
  assert.ok(r.longline[1] <= 33, `bounded reads, got ${r.longline[1]}`);
  assert.equal(r.nocolon[0], 'k1');
});

test('cipher choice prefers CCM_8, falls back to GCM, never invents a name', async () => {
  const d = await device();
  const r = d.json(`import json, upyd_wss
print(json.dumps([upyd_wss.choose_ciphers(${JSON.stringify(ESP32_CIPHERS)}),
                  upyd_wss.choose_ciphers(${JSON.stringify(STOCK_CIPHERS)}),
                  upyd_wss.choose_ciphers(['TLS-RSA-WITH-AES-128-CBC-SHA'])]))`);
  assert.deepEqual(r[0], ['TLS-ECDHE-ECDSA-WITH-AES-128-CCM-8', 'TLS-ECDHE-ECDSA-WITH-AES-256-CCM-8',
    'TLS-ECDHE-ECDSA-WITH-AES-128-CCM', 'TLS-ECDHE-ECDSA-WITH-AES-256-CCM',
    'TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256', 'TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384']);
  assert.deepEqual(r[1], ['TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256', 'TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384']);
  assert.deepEqual(r[2], []);
});

test('PEM to DER: first certificate, line breaks ignored, error without a block', async () => {
  const d = await device();
  const a = randomBytes(333);
  const b = randomBytes(200);
  d.FS.writeFile('/two.pem', pem(a) + pem(b));
  const got = d.run(py`
import upyd_wss, ubinascii
print(ubinascii.hexlify(upyd_wss.pem_to_der(open('/two.pem', 'rb').read())).decode())
try:
    upyd_wss.pem_to_der(b'not a pem')
except ValueError as e:
    print('ValueError', e)`).trim().split('\n');
  assert.equal(got[0], a.toString('hex'));
  assert.equal(got[1], 'ValueError no PEM certificate block');
});

test('ssl config: text round trip, upydev-style forms, set_ssl writes atomically', async () => {
  const d = await device();
  const r = d.json(py`
import json, os, upyd_wss as w
os.chdir('/')
out = [w.parse_ssl_config(w.ssl_config_text(a, b)) for a in (True, False) for b in (True, False)]
out.append(w.parse_ssl_config("SSL = SSL(ssl=True, auth=False)"))
out.append(w.parse_ssl_config("from collections import namedtuple\nSSL = namedtuple('SSL', ('ssl', 'auth'))\nCONFIG = SSL(True, False)"))
out.append(w.parse_ssl_config("CONFIG = SSL(True)"))
out.append(w.parse_ssl_config("# nothing here"))
out.append(w.parse_ssl_config("use_ssl = True\nSSL=False"))
out.append(w.read_ssl_config())          # no file yet
w.set_ssl(True)
out.append(w.read_ssl_config())
w.set_ssl(False, auth=False)
out.append(w.read_ssl_config())
out.append(sorted(f for f in os.listdir('/') if f.startswith('ssl_config')))
print(json.dumps(out))`);
  assert.deepEqual(r, [[true, true], [true, false], [false, true], [false, false], [true, false],
    [true, false], [true, true], [false, true], [false, true], [false, true], [true, true], [false, false], ['ssl_config.py']]);
});

test('password checks name the limit and never echo the password', async () => {
  const d = await device();
  const out = d.run(py`
import upyd_wss
for p in ('secret-too-long', '', None):
    try:
        upyd_wss.check_password(p)
    except ValueError as e:
        print(e)
print(upyd_wss.check_password('ninechars'))`).trim().split('\n');
  assert.equal(out[0], 'WebREPL password too long: 15 characters, the device keeps at most 9');
  assert.ok(!out[0].includes('secret'));
  assert.match(out[1], /no WebREPL password: put PASS/);
  assert.match(out[2], /no WebREPL password/);
  assert.equal(out[3], 'ninechars');
});

// ---- start / accept / stop against the test doubles ----------------------------------------

test('plain ws: start listens on 8266 with the webrepl_cfg password; a client gets the upgrade and the REPL', async () => {
  const d = await device();
  provision(d);
  d.FS.writeFile('/req.bin', UPYDEV_REQUEST);
  const printed = d.run('import upyd_wss\nupyd_wss.start(ssl=False)');
  assert.equal(printed, 'WebREPL daemon started on ws://192.168.1.42:8266\nStarted webrepl in normal mode\n');
  const r = d.json(py`
import json, socket, _webrepl, _doubles, upyd_wss
ls = upyd_wss.listen_s
conn = socket.Conn(open('/req.bin', 'rb').read(), ('192.168.1.10', 40000))
socket.pending.append(conn)
ok = ls.opts[20](ls)   # what the socket event callback does on a connection
term = _doubles.TERM[0]
print(json.dumps({'ok': ok, 'bound': list(ls.bound), 'backlog': ls.backlog, 'reuse': ls.opts[socket.SO_REUSEADDR],
  'pw': _webrepl.PASSWORD[0], 'out': conn.out.decode(), 'timeout': conn.timeout, 'blocking': conn.blocking,
  'term_is_webrepl': isinstance(term, _webrepl._webrepl), 'ws_on_conn': term.ws.s is conn, 'text': term.ws.is_text,
  'swr': upyd_wss.client_swr is conn, 'info': upyd_wss.info()}))`);
  assert.equal(r.ok, true);
  assert.deepEqual(r.bound, ['0.0.0.0', 8266]);
  assert.equal(r.backlog, 1);
  assert.equal(r.reuse, 1);
  assert.equal(r.pw, 'testpass');
  assert.equal(r.out, UPYDEV_RESPONSE);
  assert.equal(r.timeout, 10, 'handshake runs under a timeout');
  assert.equal(r.blocking, false, 'the session socket is non-blocking for dupterm');
  assert.ok(r.term_is_webrepl && r.ws_on_conn && r.text);
  assert.equal(r.swr, true);
  assert.deepEqual(r.info, { version: '0.1.0', running: true, ssl: false, auth: true, port: 8266, client: true, ciphers: null });
});

test('one client at a time: a second one is rejected before any handshake, the first keeps its session', async () => {
  const d = await device();
  provision(d);
  d.FS.writeFile('/req.bin', UPYDEV_REQUEST);
  const printed = d.run(py`
import socket, _doubles, upyd_wss
upyd_wss.start(ssl=False)
ls = upyd_wss.listen_s
first = socket.Conn(open('/req.bin', 'rb').read(), ('127.0.0.1', 50146))
second = socket.Conn(open('/req.bin', 'rb').read(), ('127.0.0.1', 50162))
socket.pending.extend([first, second])
print(upyd_wss.accept_conn(ls))
term = _doubles.TERM[0]
print(upyd_wss.accept_conn(ls))
print(second.closed, len(second.out), second.reads, first.closed, _doubles.TERM[0] is term, upyd_wss.client_s is first)`);
  const lines = printed.split('\n');
  assert.ok(printed.includes("\nConcurrent WebREPL connection from ('127.0.0.1', 50162) rejected\n"), printed);
  assert.equal(lines.at(-2), 'True 0 0 False True True');
});

test('a browser request gets the WebREPL page (webrepl_cfg.BASE) and no session', async () => {
  const d = await device();
  provision(d);
  d.FS.writeFile('/webrepl_cfg.py', "PASS = 'abcd'\nBASE = 'http://10.0.0.2/webrepl/'\n");
  d.FS.writeFile('/req.bin', 'GET / HTTP/1.1\r\nHost: esp\r\n\r\n');
  const r = d.json(py`
import json, socket, _doubles, upyd_wss
upyd_wss.start()
c = socket.Conn(open('/req.bin', 'rb').read())
socket.pending.append(c)
ok = upyd_wss.accept_conn(upyd_wss.listen_s)
print(json.dumps([ok, c.out.decode(), c.closed, _doubles.TERM[0] is None, upyd_wss.client_s is None]))`);
  assert.deepEqual(r, [false,
    'HTTP/1.0 200 OK\r\n\r\n<base href="http://10.0.0.2/webrepl/"></base>\r\n<script src="webrepl_content.js"></script>\r\n',
    true, true, true]);
});

test('a client that stalls in the handshake is dropped when the timeout fires', async () => {
  const d = await device();
  provision(d);
  const out = d.run(py`
import socket, _doubles, upyd_wss
upyd_wss.start(ssl=False)
c = socket.Conn(fail=OSError(110))
socket.pending.append(c)
print(upyd_wss.accept_conn(upyd_wss.listen_s), c.closed, _doubles.TERM[0] is None)`);
  assert.match(out, /WebREPL handshake with \('127\.0\.0\.1', 50000\) failed: OSError\(110,?\)/);
  assert.ok(out.trim().endsWith('False True True'));
});

test('wss: context with DER key/cert, the CA, CERT_REQUIRED and CCM_8 first; the upgrade runs over TLS', async () => {
  const d = await device();
  const f = provision(d);
  d.FS.writeFile('/req.bin', UPYDEV_REQUEST);
  const printed = d.run(`import ssl, upyd_wss
ssl.AVAILABLE = ${JSON.stringify(ESP32_CIPHERS)}
upyd_wss.start(ssl=True)`);
  assert.equal(printed, 'WebSecureREPL daemon started on wss://192.168.1.42:8833\nStarted webrepl in normal mode\n');
  const r = d.json(py`
import json, ssl, socket, _doubles, ubinascii, upyd_wss
h = lambda b: ubinascii.hexlify(b).decode()
calls = [[c[0]] + [h(x) if isinstance(x, bytes) else x for x in c[1:]] for c in ssl.calls]
c = socket.Conn(open('/req.bin', 'rb').read(), ('192.168.1.10', 40001))
socket.pending.append(c)
ok = upyd_wss.accept_conn(upyd_wss.listen_s)
swr = upyd_wss.client_swr
print(json.dumps({'calls': calls, 'after': ssl.calls[len(calls):], 'ok': ok, 'raw_out': len(c.out),
  'tls_out': swr.out.decode(), 'ws_on_tls': _doubles.TERM[0].ws.s is swr, 'raw_nonblocking': not c.blocking,
  'timeout': c.timeout, 'info': upyd_wss.info(), 'bound': list(upyd_wss.listen_s.bound)}))`);
  assert.deepEqual(r.calls, [
    ['SSLContext', 1],
    ['load_cert_chain', hex(f.cert), hex(f.key)],
    ['load_verify_locations', hex(f.caPem)],
    ['set_ciphers', ['TLS-ECDHE-ECDSA-WITH-AES-128-CCM-8', 'TLS-ECDHE-ECDSA-WITH-AES-256-CCM-8',
      'TLS-ECDHE-ECDSA-WITH-AES-128-CCM', 'TLS-ECDHE-ECDSA-WITH-AES-256-CCM',
      'TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256', 'TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384']],
  ]);
  assert.deepEqual(r.after, [['wrap_socket', true, 2]], 'server side, CERT_REQUIRED at wrap time');
  assert.equal(r.ok, true);
  assert.equal(r.raw_out, 0, 'nothing in clear on the TCP socket');
  assert.equal(r.tls_out, UPYDEV_RESPONSE);
  assert.ok(r.ws_on_tls && r.raw_nonblocking);
  assert.equal(r.timeout, 10);
  assert.deepEqual(r.bound, ['0.0.0.0', 8833]);
  assert.equal(r.info.ssl, true);
  assert.equal(r.info.port, 8833);
  assert.equal(r.info.ciphers[0], 'TLS-ECDHE-ECDSA-WITH-AES-128-CCM-8');
});

test('wss on an mbedTLS without PEM parsing: the CA is given as DER; without CCM only GCM is set', async () => {
  const d = await device();
  const f = provision(d);
  const r = d.json(`import json, ssl, ubinascii, upyd_wss
ssl.PEM_OK = False
ssl.AVAILABLE = ${JSON.stringify(STOCK_CIPHERS)}
upyd_wss.start(ssl=True)
print(json.dumps([[c[0], ubinascii.hexlify(c[1]).decode() if c[0] == 'load_verify_locations' else c[1]] for c in ssl.calls[2:]]))`);
  assert.deepEqual(r, [
    ['load_verify_locations', hex(f.caDer)],
    ['set_ciphers', ['TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256', 'TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384']],
  ]);
});

test('wss without ROOT_CA_cert.pem trusts its own certificate (as upydev); auth=False asks no client cert', async () => {
  const d = await device();
  const f = provision(d, { ca: false });
  const r = d.json(py`
import json, ssl, ubinascii, upyd_wss
upyd_wss.start(ssl=True)
a = [c[0] == 'load_verify_locations' and ubinascii.hexlify(c[1]).decode() for c in ssl.calls]
ssl.calls.clear()
upyd_wss.start(ssl=True, auth=False)
b = [c[0] for c in ssl.calls]
print(json.dumps([a, b, upyd_wss.info()['auth']]))`);
  assert.ok(r[0].includes(hex(f.cert)));
  assert.deepEqual(r[1], ['SSLContext', 'load_cert_chain'], 'no CA loaded, no cipher list (firmware default) without auth');
  assert.equal(r[2], false);
});

test('wss on firmware before 1.22 falls back to ssl.wrap_socket with key, cert, cadata and CERT_REQUIRED', async () => {
  const d = await device();
  const f = provision(d);
  d.FS.writeFile('/req.bin', UPYDEV_REQUEST);
  const r = d.json(py`
import json, ssl, socket, ubinascii, upyd_wss
ssl.SSLContext = None
upyd_wss.start(ssl=True)
c = socket.Conn(open('/req.bin', 'rb').read())
socket.pending.append(c)
ok = upyd_wss.accept_conn(upyd_wss.listen_s)
h = lambda b: ubinascii.hexlify(b).decode()
print(json.dumps([ok] + [[x[0], x[1], h(x[2]), h(x[3]), x[4], h(x[5])] for x in ssl.calls]))`);
  assert.deepEqual(r, [true, ['ssl.wrap_socket', true, hex(f.key), hex(f.cert), 2, hex(f.caPem)]]);
});

test('a failed TLS handshake (e.g. no client certificate) closes the socket; no retry without auth', async () => {
  const d = await device();
  provision(d);
  const out = d.run(py`
import ssl, socket, _doubles, upyd_wss
upyd_wss.start(ssl=True)
ssl.FAIL = OSError(-29312)
c = socket.Conn(b'')
socket.pending.append(c)
print(upyd_wss.accept_conn(upyd_wss.listen_s), c.closed, _doubles.TERM[0] is None,
      [x[0] for x in ssl.calls].count('wrap_socket'))`);
  assert.match(out, /failed: OSError\(-29312,?\)/);
  assert.ok(out.trim().endsWith('False True True 1'), out);
});

test('wss start without key files fails naming the file; password from start() overrides webrepl_cfg', async () => {
  const d = await device();
  d.FS.writeFile('/webrepl_cfg.py', "PASS = 'abcd'\n");
  const out = d.run(py`
import os, _webrepl, upyd_wss
os.chdir('/')
try:
    upyd_wss.start(ssl=True)
except OSError as e:
    print(e)
upyd_wss.start(ssl=False, password='override')
print(_webrepl.PASSWORD[0])`);
  assert.match(out, new RegExp(`cannot read SSL_key${UID}\\.der .*upload it with upyd kg ssl -tfkey`));
  assert.ok(out.includes('Started webrepl in manual override mode\noverride\n'), out);
});

test('stop() closes everything and detaches the REPL; start() reuses ssl_config.py from set_ssl', async () => {
  const d = await device();
  provision(d);
  d.FS.writeFile('/req.bin', UPYDEV_REQUEST);
  const r = d.json(py`
import json, socket, _doubles, upyd_wss, wss_repl
wss_repl.set_ssl(True)
wss_repl.start()                        # no ssl= : ssl_config.py says wss
ls = upyd_wss.listen_s
c = socket.Conn(open('/req.bin', 'rb').read())
socket.pending.append(c)
upyd_wss.accept_conn(ls)
during = [wss_repl.client_swr is upyd_wss.client_swr, wss_repl.client_swr is not None, upyd_wss.info()['port']]
wss_repl.stop()
print(json.dumps(during + [ls.closed, c.closed, upyd_wss.client_swr.closed if upyd_wss.client_swr else None,
  _doubles.TERM[0] is None, wss_repl.client_swr is None, upyd_wss.info()]))`);
  assert.deepEqual(r.slice(0, 7), [true, true, 8833, true, true, null, true]);
  assert.equal(r[7], true);
  assert.deepEqual(r[8], { version: '0.1.0', running: false, ssl: null, auth: null, port: null, client: false, ciphers: null });
});

test('a upydev boot.py runs unchanged with the wss_repl shim', async () => {
  const d = await device();
  provision(d);
  d.FS.writeFile('/boot.py', 'import wss_repl\nwss_repl.start(ssl=True)\n');
  const out = d.run("exec(open('/boot.py').read())\nimport upyd_wss\nprint(upyd_wss.info()['ssl'], upyd_wss.info()['port'])");
  assert.equal(out, 'WebSecureREPL daemon started on wss://192.168.1.42:8833\nStarted webrepl in normal mode\nTrue 8833\n');
});

test("upydev's set_wss line runs unchanged and leaves ssl_config.py saying wss", async () => {
  const d = await device();
  provision(d);
  const out = d.run('import wss_repl;wss_repl.stop();wss_repl.start(ssl=True);wss_repl.set_ssl(True)\n' +
    "import upyd_wss\nprint(upyd_wss.info()['ssl'], upyd_wss.read_ssl_config())");
  assert.equal(out, 'WebSecureREPL daemon started on wss://192.168.1.42:8833\nStarted webrepl in normal mode\nTrue (True, True)\n');
});
