# Test double (harness only, never shipped): the shape of MicroPython's ssl (micropython-lib
# ssl.SSLContext wrapping the C tls.SSLContext) that records every call. AVAILABLE plays the
# firmware's mbedTLS cipher list; PEM_OK=False plays an mbedTLS built without PEM_PARSE_C;
# FAIL makes the handshake fail (e.g. a client without certificate).
CERT_NONE = 0
CERT_OPTIONAL = 1
CERT_REQUIRED = 2
PROTOCOL_TLS_CLIENT = 0
PROTOCOL_TLS_SERVER = 1
calls = []
AVAILABLE = []
PEM_OK = True
FAIL = None


class TLSConn:
    def __init__(self, s):
        self.s = s
        self.out = bytearray()
        self.closed = False

    def readline(self, n=-1):
        return self.s.readline(n)

    def write(self, b):
        self.out.extend(b)
        return len(b)

    def close(self):
        self.closed = True


class _TlsContext:
    def get_ciphers(self):
        return list(AVAILABLE)

    def set_ciphers(self, names):
        calls.append(('set_ciphers', list(names)))


class SSLContext:
    def __init__(self, protocol):
        calls.append(('SSLContext', protocol))
        self._context = _TlsContext()
        self.verify_mode = CERT_NONE

    def load_cert_chain(self, certfile, keyfile):
        calls.append(('load_cert_chain', certfile, keyfile))

    def load_verify_locations(self, cafile=None, cadata=None):
        if not PEM_OK and cadata.startswith(b'-----BEGIN'):
            raise ValueError('invalid cert')
        calls.append(('load_verify_locations', cadata))

    def wrap_socket(self, sock, server_side=False):
        calls.append(('wrap_socket', server_side, self.verify_mode))
        if FAIL is not None:
            raise FAIL
        return TLSConn(sock)


def wrap_socket(sock, server_side=False, key=None, cert=None, cert_reqs=CERT_NONE, cadata=None):
    calls.append(('ssl.wrap_socket', server_side, key, cert, cert_reqs, cadata))
    if FAIL is not None:
        raise FAIL
    return TLSConn(sock)
