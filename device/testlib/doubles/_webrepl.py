# Test double (harness only, never shipped): the C module's password() limit and wrapper type.
PASSWORD = [None]


def password(p):
    if len(p) > 9:
        raise ValueError
    PASSWORD[0] = p


class _webrepl:
    def __init__(self, ws):
        self.ws = ws
