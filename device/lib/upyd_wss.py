# upyd_wss: WebREPL server over plain ws (8266) or TLS with required client certificates (wss, 8833).
# upyd's counterpart of upydev's wss_repl.py. It keeps the stock `_webrepl` C module, the stock
# password (webrepl_cfg.PASS) and the stock WebSocket, so every WebREPL client keeps working; only the
# transport under the WebSocket changes. The parts that need no socket (request parsing, accept key,
# file names, cipher choice, config) are small functions so they can be tested off-board.
#
# Relies on (MicroPython >= 1.20): os.dupterm, `websocket`, `_webrepl`, socket event callbacks
# (setsockopt(SOL_SOCKET, 20, cb): ESP32/ESP8266/rp2, as stock webrepl), and for wss either
# ssl.SSLContext(PROTOCOL_TLS_SERVER) with load_cert_chain/load_verify_locations (>= 1.22) or the
# older ssl.wrap_socket(server_side=True, key=, cert=, cadata=, cert_reqs=).
__version__ = '0.1.0'

import os
import sys
from micropython import const

try:
    import ubinascii as _b2a  # the C module; plain `binascii` can be a frozen pure-Python package
except ImportError:
    import binascii as _b2a

WS_PORT = const(8266)
WSS_PORT = const(8833)
# A client that connects and then stalls would freeze the device inside the blocking TLS handshake
# (it runs in the socket callback); a socket timeout bounds that.
HANDSHAKE_TIMEOUT = 10
# Bounds on what a client may send before the upgrade: the device has ~100 kB of heap.
MAX_HEADER_LINES = const(32)
MAX_LINE = const(256)
CONFIG_FILE = 'ssl_config.py'
# Server preference order (mbedTLS names; the server's order wins). CCM_8 is what upydev's host
# offers and ESP32's mbedTLS has; GCM is for firmware without CCM (MicroPython's stock mbedTLS
# config) and for host TLS stacks without CCM.
CIPHERS = [
    'TLS-ECDHE-ECDSA-WITH-AES-128-CCM-8',
    'TLS-ECDHE-ECDSA-WITH-AES-256-CCM-8',
    'TLS-ECDHE-ECDSA-WITH-AES-128-CCM',
    'TLS-ECDHE-ECDSA-WITH-AES-256-CCM',
    'TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256',
    'TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384',
]
_GUID = b'258EAFA5-E914-47DA-95CA-C5AB0DC85B11'
_DEFAULT_STATIC_HOST = 'https://micropython.org/webrepl/'

listen_s = None
client_s = None  # raw TCP socket of the session
client_swr = None  # stream the session runs on (TLS or TCP); upydev's fast get writes to it
static_host = _DEFAULT_STATIC_HOST
_tls = None  # socket -> TLS socket, or None for plain ws
_mode = None  # (ssl, auth, port) while running
_ciphers = None  # cipher list given to mbedTLS, None when the firmware default is used


# ---- pure helpers ---------------------------------------------------------------------------

def uid_hex(uid):
    # machine.unique_id() bytes -> the lowercase hex UID used in upydev's key file names
    return _b2a.hexlify(uid).decode()


def key_files(uid, path=''):
    # (private key, certificate, CA) file names written by `upyd kg ssl -tfkey` / upydev
    if path and not path.endswith('/'):
        path += '/'
    return (path + 'SSL_key' + uid + '.der', path + 'SSL_certificate' + uid + '.der',
            path + 'ROOT_CA_cert.pem')


def server_port(ssl, port=None):
    return port if port else (WSS_PORT if ssl else WS_PORT)


def server_url(ssl, ip, port):
    return '%s://%s:%d' % ('wss' if ssl else 'ws', ip, port)


def parse_header(line):
    # b'Name: value\r\n' -> (b'name', b'value'); names compare case-insensitively, so the exact-case
    # headers of upydev/webrepl_cli and lower-case ones alike are accepted
    i = line.find(b':')
    if i <= 0:
        return None
    return line[:i].strip().lower(), line[i + 1:].strip()


def read_request(readline):
    # Reads an HTTP upgrade request through readline(max) and returns its Sec-WebSocket-Key, or
    # None for EOF, a non-WebSocket request or one longer than the bounds above. Like the stock
    # servers, the request line and the other headers are not checked.
    if not readline(MAX_LINE):
        return None
    key = None
    for _ in range(MAX_HEADER_LINES):
        line = readline(MAX_LINE)
        if not line:
            return None
        if line == b'\r\n' or line == b'\n':
            return key
        h = parse_header(line)
        if h and h[0] == b'sec-websocket-key' and h[1]:
            key = h[1]
    return None


def accept_key(webkey):
    # RFC 6455: base64(SHA-1(key + GUID))
    try:
        from hashlib import sha1
    except ImportError:
        from upyd_sha1 import sha1
    d = sha1(webkey)
    d.update(_GUID)
    return _b2a.b2a_base64(d.digest())[:-1]


def handshake_response(webkey):
    # one write instead of stock's three: one TLS record, one TCP segment
    return (b'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
            b'Sec-WebSocket-Accept: ' + accept_key(webkey) + b'\r\n\r\n')


def html_page(base):
    # what stock webrepl answers a browser: a page that loads the WebREPL client from `base`
    return (b'HTTP/1.0 200 OK\r\n\r\n<base href="' + base.encode() +
            b'"></base>\r\n<script src="webrepl_content.js"></script>\r\n')


def choose_ciphers(available):
    # our preference order, restricted to what this firmware's mbedTLS offers
    return [c for c in CIPHERS if c in available]


def pem_to_der(pem):
    # first certificate of a PEM text -> DER; for mbedTLS builds without PEM_PARSE_C
    b = pem.find(b'-----BEGIN CERTIFICATE-----')
    e = pem.find(b'-----END CERTIFICATE-----', b + 1)
    if b < 0 or e < 0:
        raise ValueError('no PEM certificate block')
    return _b2a.a2b_base64(b''.join(pem[b + 27:e].split()))


def ssl_config_text(ssl, auth=True):
    return ('# written by upyd_wss.set_ssl(); start() without ssl= reads it\n'
            'SSL = %s\nAUTH = %s\n' % (bool(ssl), bool(auth)))


def parse_ssl_config(text):
    # -> (ssl, auth). Understands our `SSL = True` lines, keyword forms `ssl=True, auth=False` and
    # a positional namedtuple call `SSL(True, False)`; missing values default to plain ws and
    # required client certificates.
    import re
    t = '\n' + text.lower()
    m = re.search(r'[^a-z_]ssl\(\s*(true|false)\s*(,\s*(true|false))?', t)
    if m:
        return m.group(1) == 'true', m.group(3) != 'false'
    r = []
    for name, default in (('ssl', False), ('auth', True)):
        m = re.search('[^a-z_]' + name + r'\s*=\s*(true|false)', t)
        r.append(m.group(1) == 'true' if m else default)
    return r[0], r[1]


def check_password(pw):
    # _webrepl keeps 9 characters at most; refuse here with a message that never shows the password
    if not pw:
        raise ValueError("no WebREPL password: put PASS = '...' (4-9 characters) in webrepl_cfg.py")
    if len(pw) > 9:
        raise ValueError('WebREPL password too long: %d characters, the device keeps at most 9'
                         % len(pw))
    return pw


# ---- device side ----------------------------------------------------------------------------

def device_uid():
    import machine
    return uid_hex(machine.unique_id())


def load_password(password=None):
    global static_host
    if password is None:
        try:
            import webrepl_cfg
            password = webrepl_cfg.PASS
            static_host = getattr(webrepl_cfg, 'BASE', _DEFAULT_STATIC_HOST)
        except (ImportError, AttributeError):
            pass
    return check_password(password)


def read_ssl_config(name=CONFIG_FILE):
    try:
        with open(name) as f:
            return parse_ssl_config(f.read())
    except OSError:
        return False, True


def set_ssl(flag=True, auth=True, name=CONFIG_FILE):
    # written to a temporary name and renamed, so a reset mid-write never leaves half a file
    tmp = name + '.tmp'
    with open(tmp, 'w') as f:
        f.write(ssl_config_text(flag, auth))
    try:
        os.remove(name)
    except OSError:
        pass
    os.rename(tmp, name)


def _read(name):
    try:
        with open(name, 'rb') as f:
            return f.read()
    except OSError as e:
        raise OSError('upyd_wss: cannot read %s (%s); upload it with upyd kg ssl -tfkey' % (name, e))


def _verify(ctx, data):
    try:
        ctx.load_verify_locations(cadata=data)
    except TypeError:  # the C SSLContext of 1.22 takes it positionally
        ctx.load_verify_locations(data)


def _load_ca(ctx, cadata):
    try:
        _verify(ctx, cadata)
    except (ValueError, OSError):
        if not cadata.lstrip().startswith(b'-----BEGIN'):
            raise
        # the PEM text did not load (mbedTLS without PEM_PARSE_C): the first certificate as DER
        _verify(ctx, pem_to_der(cadata))


def _set_ciphers(ctx):
    # micropython-lib's ssl.SSLContext wraps the C tls.SSLContext, which alone has get/set_ciphers
    c = getattr(ctx, '_context', ctx)
    try:
        pick = choose_ciphers(c.get_ciphers())
        if pick:
            c.set_ciphers(pick)
            return pick
    except (AttributeError, OSError, ValueError, TypeError):
        pass
    return None


def tls_wrapper(auth=True, path=''):
    # Loads key, certificate and CA once (start), returns sock -> server-side TLS socket.
    global _ciphers
    import ssl
    kname, cname, caname = key_files(device_uid(), path)
    key = _read(kname)
    cert = _read(cname)
    cadata = None
    if auth:
        try:
            cadata = _read(caname)
        except OSError:
            cadata = cert  # as upydev: without a CA file only our own (self-signed) cert is trusted
    req = ssl.CERT_REQUIRED if auth else ssl.CERT_NONE
    ctx_type = getattr(ssl, 'SSLContext', None)
    if ctx_type is not None and hasattr(ctx_type, 'load_cert_chain'):
        ctx = ctx_type(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        if cadata:
            _load_ca(ctx, cadata)
        ctx.verify_mode = req
        _ciphers = _set_ciphers(ctx)
        return lambda s: ctx.wrap_socket(s, server_side=True)
    _ciphers = None

    def wrap(s):  # MicroPython < 1.22
        return ssl.wrap_socket(s, server_side=True, key=key, cert=cert, cadata=cadata,
                               cert_reqs=req)
    return wrap


def _write_all(s, data):
    mv = memoryview(data)
    n = 0
    while n < len(mv):
        w = s.write(mv[n:])
        if not w:
            raise OSError('short write')
        n += w


def _close(*socks):
    for s in socks:
        if s is not None:
            try:
                s.close()
            except Exception:
                pass


def _busy():
    prev = os.dupterm(None)
    os.dupterm(prev)
    return prev is not None


def _publish():
    # a upydev boot.py imported the wss_repl shim; upydev's fast get reads wss_repl.client_swr
    m = sys.modules.get('wss_repl')
    if m is not None:
        m.client_swr = client_swr


def server_handshake(s):
    key = read_request(s.readline)
    if not key:
        return False
    _write_all(s, handshake_response(key))
    return True


def accept_conn(listen_sock):
    global client_s, client_swr
    import socket
    import websocket
    import _webrepl
    cl, addr = listen_sock.accept()
    # One client at a time. Checked before TLS so a refused client costs no handshake; the message
    # goes to the active session (and the UART), as with stock webrepl.
    if _busy():
        print('\nConcurrent WebREPL connection from', addr, 'rejected')
        _close(cl)
        return False
    s = cl
    try:
        cl.settimeout(HANDSHAKE_TIMEOUT)
        if _tls is not None:
            s = _tls(cl)
        if not server_handshake(s):
            _write_all(s, html_page(static_host))
            _close(s, cl)
            return False
    except Exception as e:
        # no retry without client auth (upydev does): that left the client hanging on a dead socket
        print('\nWebREPL handshake with', addr, 'failed:', repr(e))
        _close(s, cl)
        return False
    print('\nWebREPL connection from:', addr)
    client_s = cl
    client_swr = s
    _publish()
    ws = _webrepl._webrepl(websocket.websocket(s, True))
    cl.setblocking(False)
    if hasattr(os, 'dupterm_notify'):  # ESP32/ESP8266: wake the REPL when data arrives
        cl.setsockopt(socket.SOL_SOCKET, 20, os.dupterm_notify)
    os.dupterm(ws)
    return True


def _ip():
    try:
        import network
        for i in (network.STA_IF, network.AP_IF):
            w = network.WLAN(i)
            if w.active():
                ip = w.ifconfig()[0]
                if ip != '0.0.0.0':
                    return ip
    except Exception:
        pass
    return '0.0.0.0'


def start(ssl=None, port=None, password=None, auth=True, path=''):
    # ssl=None: use what set_ssl() stored in ssl_config.py (plain ws when there is none).
    global listen_s, _tls, _mode
    import socket
    import _webrepl
    stop()
    if ssl is None:
        ssl, auth = read_ssl_config()
    _webrepl.password(load_password(password))
    _tls = tls_wrapper(auth, path) if ssl else None
    port = server_port(ssl, port)
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(socket.getaddrinfo('0.0.0.0', port)[0][-1])
    s.listen(1)
    s.setsockopt(socket.SOL_SOCKET, 20, accept_conn)
    listen_s = s
    _mode = (bool(ssl), bool(auth), port)
    print('%s daemon started on %s' % ('WebSecureREPL' if ssl else 'WebREPL',
                                        server_url(ssl, _ip(), port)))
    print('Started webrepl in %s mode' % ('normal' if password is None else 'manual override'))


def stop():
    global listen_s, client_s, client_swr, _tls, _mode, _ciphers
    try:
        os.dupterm(None)
    except Exception:
        pass
    _close(client_swr, client_s, listen_s)
    listen_s = client_s = client_swr = _tls = _mode = _ciphers = None
    _publish()


def info():
    # for `upyd device status`: version and what is being served right now
    m = _mode or (None, None, None)
    return {'version': __version__, 'running': listen_s is not None, 'ssl': m[0], 'auth': m[1],
            'port': m[2], 'client': client_s is not None, 'ciphers': _ciphers}
