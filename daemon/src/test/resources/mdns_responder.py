"""A real mDNS responder for tests (python3-zeroconf): announces NAME.local -> ADDRESS like a board does.
Reads commands on stdin: `set ADDRESS` re-announces the name at a new address; EOF stops."""
import socket
import sys
from zeroconf import ServiceInfo, Zeroconf

name, address = sys.argv[1], sys.argv[2]
zc = Zeroconf(interfaces=["127.0.0.1"])


def info(addr):
    return ServiceInfo("_upydtest._tcp.local.", name + "._upydtest._tcp.local.", port=8833,
                       addresses=[socket.inet_aton(addr)], server=name + ".local.")


current = info(address)
zc.register_service(current)
print("ready", flush=True)
for line in sys.stdin:
    cmd = line.split()
    if cmd and cmd[0] == "set":
        new = info(cmd[1])
        zc.update_service(new)
        current = new
        print("updated", flush=True)
zc.unregister_service(current)
zc.close()
