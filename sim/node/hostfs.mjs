// The device flash as a host folder: a small port of Emscripten's NODEFS (not compiled into
// this MicroPython build, which only has MEMFS) that passes every operation to node:fs, so
// Python writes reach the host folder at once and host edits are seen by Python.
import fs from 'node:fs';
import path from 'node:path';
import { wasiErrnoForNodeCode } from './errno.mjs';

const S_IFMT = 0o170000;
const EINVAL = 28;
const ENOENT = 44;
// Open flags that FS.open has already acted on, or that Node must not see (musl values).
const O_ACCMODE = 3;
const O_TRUNC = 512;
const O_APPEND = 1024;

/**
 * Mounts hostDir as the Emscripten root, so MicroPython's VfsPosix at '/' sees it as the
 * device root. Returns nothing; the FS object is changed in place.
 */
export function mountHostRoot(FS, hostDir) {
  const hostFs = createHostFs(FS, hostDir);
  FS.mkdir('/flash');
  const root = FS.mount(hostFs, { root: hostDir }, '/flash');
  // FS.mount refuses '/' once a root exists, so mount aside and promote. Without fixing the
  // mountpoint, getdents resolves '..' against '/flash' and listings come back empty.
  FS.root = root;
  root.mount.mountpoint = '/';
  FS.chdir('/');
  refreshStaleLookups(FS, hostFs);
}

function createHostFs(FS, hostDir) {
  const realPath = (node) => {
    const parts = [];
    while (node.parent !== node) {
      parts.push(node.name);
      node = node.parent;
    }
    return path.join(hostDir, ...parts.reverse());
  };
  const host = (fn) => (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      if (e instanceof FS.ErrnoError || !e.code) throw e;
      throw new FS.ErrnoError(wasiErrnoForNodeCode(e.code));
    }
  };
  const hostFs = {
    realPath,
    mount: host((mount) => makeNode(null, '/', fs.statSync(mount.opts.root).mode)),
    node_ops: {
      getattr: host((node) => fs.lstatSync(realPath(node))),
      setattr: host((node, attr) => {
        const p = realPath(node);
        if (attr.mode != null) fs.chmodSync(p, attr.mode & 0o7777);
        if (attr.atime != null || attr.mtime != null) {
          const st = fs.statSync(p);
          fs.utimesSync(p, new Date(attr.atime ?? st.atimeMs), new Date(attr.mtime ?? st.mtimeMs));
        }
        if (attr.size !== undefined) fs.truncateSync(p, attr.size);
      }),
      lookup: host((parent, name) => {
        const st = fs.lstatSync(path.join(realPath(parent), name));
        return makeNode(parent, name, st.mode);
      }),
      mknod: host((parent, name, mode) => {
        const p = path.join(realPath(parent), name);
        if (FS.isDir(mode)) fs.mkdirSync(p, mode & 0o777);
        else if (FS.isFile(mode)) fs.writeFileSync(p, '', { mode: mode & 0o777, flag: 'wx' });
        else throw new FS.ErrnoError(EINVAL); // LittleFS has no devices, fifos or sockets
        return makeNode(parent, name, mode);
      }),
      rename: host((oldNode, newDir, newName) => {
        fs.renameSync(realPath(oldNode), path.join(realPath(newDir), newName));
        oldNode.name = newName;
      }),
      unlink: host((parent, name) => fs.unlinkSync(path.join(realPath(parent), name))),
      rmdir: host((parent, name) => fs.rmdirSync(path.join(realPath(parent), name))),
      readdir: host((node) => ['.', '..', ...fs.readdirSync(realPath(node))]),
      readlink: host((node) => fs.readlinkSync(realPath(node))),
    },
    stream_ops: {
      open: host((stream) => {
        if (!FS.isFile(stream.node.mode)) return;
        const flags = stream.flags & (O_ACCMODE | O_TRUNC | O_APPEND);
        stream.hostFd = fs.openSync(realPath(stream.node), flags);
      }),
      close: host((stream) => {
        if (stream.hostFd !== undefined) fs.closeSync(stream.hostFd);
        stream.hostFd = undefined;
      }),
      read: host((stream, buffer, offset, length, position) =>
        fs.readSync(stream.hostFd, buffer, offset, length, position)),
      write: host((stream, buffer, offset, length, position) =>
        fs.writeSync(stream.hostFd, buffer, offset, length, position)),
      llseek: host((stream, offset, whence) => {
        let pos = offset;
        if (whence === 1) pos += stream.position;
        else if (whence === 2 && stream.hostFd !== undefined) pos += fs.fstatSync(stream.hostFd).size;
        if (pos < 0) throw new FS.ErrnoError(EINVAL);
        return pos;
      }),
      fsync: host((stream) => (stream.hostFd !== undefined ? fs.fsyncSync(stream.hostFd) : 0)),
    },
  };
  function makeNode(parent, name, mode) {
    const node = FS.createNode(parent, name, mode, 0);
    node.node_ops = hostFs.node_ops;
    node.stream_ops = hostFs.stream_ops;
    return node;
  }
  return hostFs;
}

// Emscripten caches nodes by (parent, name) forever. When the host deletes or replaces an
// entry, the stale node would answer lookups (e.g. os.mkdir of a host-deleted directory gave
// EEXIST), so every cached host node is re-checked against the host before it is used.
function refreshStaleLookups(FS, hostFs) {
  const lookupNode = FS.lookupNode;
  FS.lookupNode = (parent, name) => {
    const node = lookupNode(parent, name);
    if (node.node_ops !== hostFs.node_ops) return node;
    let st = null;
    try {
      st = fs.lstatSync(hostFs.realPath(node));
    } catch {
      // gone on the host
    }
    if (st && (st.mode & S_IFMT) === (node.mode & S_IFMT)) return node;
    FS.destroyNode(node);
    if (!st) throw new FS.ErrnoError(ENOENT);
    return FS.lookup(parent, name);
  };
}
