# Test double (harness only, never shipped): the wasm build has no `network`.
STA_IF = 0
AP_IF = 1
ADDR = {0: '192.168.1.42', 1: '192.168.4.1'}
ACTIVE = {0: True, 1: False}


class WLAN:
    def __init__(self, i):
        self.i = i

    def active(self):
        return ACTIVE[self.i]

    def ifconfig(self):
        return (ADDR[self.i], '255.255.255.0', '192.168.1.1', '8.8.8.8')
