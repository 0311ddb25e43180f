# Test double (harness only, never shipped): the wasm build has no `machine`.
UID = b'\x24\x0a\xc4\xe0\xc0\xde'


def unique_id():
    return UID
