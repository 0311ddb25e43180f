# Test double (harness only, never shipped): records what the C websocket would wrap.
class websocket:
    def __init__(self, s, is_text=False):
        self.s = s
        self.is_text = is_text
