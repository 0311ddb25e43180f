# Test double (harness only, never shipped): os.dupterm with one slot, as on a board; and no
# os.dupterm_notify (not an ESP port).
import os

TERM = [None]


def dupterm(obj=None, index=0):
    prev = TERM[0]
    TERM[0] = obj
    return prev


os.dupterm = dupterm
