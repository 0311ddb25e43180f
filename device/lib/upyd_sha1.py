# upyd_sha1: SHA-1 in pure Python, used by upyd_wss only when the firmware's hashlib has no sha1
# (some builds ship sha256 alone). The WebSocket accept key (RFC 6455) needs SHA-1 of ~60 bytes
# once per connection, so speed does not matter; the input is buffered, never a file.
__version__ = '0.1.0'

import struct


def _rol(x, n):
    return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF


class sha1:
    # Same shape as hashlib.sha1: sha1(data), update(data), digest().
    def __init__(self, data=b''):
        self._buf = bytearray(data)

    def update(self, data):
        self._buf.extend(data)

    def digest(self):
        m = bytes(self._buf)
        ml = len(m) * 8
        m += b'\x80' + bytes((55 - len(m)) % 64) + struct.pack('>Q', ml)
        h = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        for i in range(0, len(m), 64):
            w = list(struct.unpack('>16I', m[i:i + 64]))
            for j in range(16, 80):
                w.append(_rol(w[j - 3] ^ w[j - 8] ^ w[j - 14] ^ w[j - 16], 1))
            a, b, c, d, e = h
            for j in range(80):
                if j < 20:
                    f = (b & c) | (~b & d)
                    k = 0x5A827999
                elif j < 40:
                    f = b ^ c ^ d
                    k = 0x6ED9EBA1
                elif j < 60:
                    f = (b & c) | (b & d) | (c & d)
                    k = 0x8F1BBCDC
                else:
                    f = b ^ c ^ d
                    k = 0xCA62C1D6
                t = (_rol(a, 5) + (f & 0xFFFFFFFF) + e + k + w[j]) & 0xFFFFFFFF
                e, d, c, b, a = d, c, _rol(b, 30), a, t
            h = [(x + y) & 0xFFFFFFFF for x, y in zip(h, (a, b, c, d, e))]
        return struct.pack('>5I', *h)
