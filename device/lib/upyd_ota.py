# upyd_ota: OTA firmware update of an ESP32 through upyd's held WebREPL session.
#
# The host (`upyd ota FIRMWARE.bin`) sends the app image in chunks: each chunk lands as a file
# through WebREPL's own file transfer, feed() writes it block by block into the next OTA app
# partition and deletes it. finish() hashes what the PARTITION now holds (the image padded with
# 0xFF to whole 4 KiB blocks, the hash the host computed) and only on a match marks that partition
# for boot. Anything else (a lost session, a short image, a wrong hash) leaves the boot partition
# as it was. The host resets the board afterwards and calls confirm() once it is back.
#
#   import upyd_ota
#   upyd_ota.begin(size, sha256_hex)   -> (label, partition_size, running_label)
#   upyd_ota.feed('/.upyd_ota.bin')    -> blocks written so far
#   upyd_ota.finish()                  -> label now set to boot
#   upyd_ota.confirm()                 -> True (rollback cancelled) / False (firmware without rollback)
#   upyd_ota.status()                  -> (running_label, boot_label, next_update_label)
__version__ = '0.1.0'

import hashlib
import os
try:
    from ubinascii import hexlify  # the C module; plain `binascii` can be a frozen pure-Python package
except ImportError:
    from binascii import hexlify

BLOCK = 4096
_job = None  # [partition, blocks expected, sha256 hex, blocks written, buffer]


def _partition():
    from esp32 import Partition
    return Partition


def begin(size, sha256):
    global _job
    _job = None
    P = _partition()
    running = P(P.RUNNING)
    part = running.get_next_update()
    info = part.info()
    blocks = (size + BLOCK - 1) // BLOCK
    if size <= 0 or blocks * BLOCK > info[3]:
        raise ValueError('image of %d bytes does not fit %s (%d bytes)' % (size, info[4], info[3]))
    _job = [part, blocks, sha256.lower(), 0, bytearray(BLOCK)]
    return (info[4], info[3], running.info()[4])


def _current():
    if _job is None:
        raise ValueError('no OTA update in progress (begin() first)')
    return _job


def feed(path):
    job = _current()
    part, blocks, buf = job[0], job[1], job[4]
    n = job[3]
    with open(path, 'rb') as f:
        while True:
            got = f.readinto(buf)
            if not got:
                break
            if n >= blocks:
                raise ValueError('more data than the %d blocks announced' % blocks)
            if got < BLOCK:
                if n != blocks - 1:
                    raise ValueError('short block %d (%d bytes)' % (n, got))
                buf[got:] = b'\xff' * (BLOCK - got)
            part.writeblocks(n, buf)  # whole 4 KiB sector: erased, then written
            n += 1
            job[3] = n
    os.remove(path)
    return n


def finish():
    global _job
    job = _current()
    part, blocks, sha, written, buf = job
    _job = None
    if written != blocks:
        raise ValueError('%d of %d blocks written' % (written, blocks))
    h = hashlib.sha256()
    for i in range(blocks):
        part.readblocks(i, buf)
        h.update(buf)
    calc = hexlify(h.digest()).decode()
    if calc != sha:
        raise ValueError('SHA mismatch calc:{} check={}'.format(calc, sha))
    part.set_boot()
    return part.info()[4]


def abort():
    global _job
    _job = None


def confirm():
    P = _partition()
    try:
        P.mark_app_valid_cancel_rollback()
    except OSError as e:
        if e.args and e.args[0] == -261:  # ESP_ERR_NOT_SUPPORTED: built without app rollback
            return False
        raise
    return True


def status():
    P = _partition()
    running = P(P.RUNNING)
    return (running.info()[4], P(P.BOOT).info()[4], running.get_next_update().info()[4])
