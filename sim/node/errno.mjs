// Emscripten's libc uses WASI errno numbers (ENOENT = 44), but this MicroPython build names
// errors with its internal Linux-valued table, so an unmapped error prints `OSError: 44`
// where a board prints `OSError: [Errno 2] ENOENT`. The wrapper rewrites the numbers at the
// wasm import boundary (syscall results), which is the only place they cross into C.

// [name, WASI number, Linux number]
const TABLE = [
  ['E2BIG', 1, 7], ['EACCES', 2, 13], ['EADDRINUSE', 3, 98], ['EADDRNOTAVAIL', 4, 99],
  ['EAFNOSUPPORT', 5, 97], ['EAGAIN', 6, 11], ['EALREADY', 7, 114], ['EBADF', 8, 9],
  ['EBADMSG', 9, 74], ['EBUSY', 10, 16], ['ECANCELED', 11, 125], ['ECHILD', 12, 10],
  ['ECONNABORTED', 13, 103], ['ECONNREFUSED', 14, 111], ['ECONNRESET', 15, 104],
  ['EDEADLK', 16, 35], ['EDESTADDRREQ', 17, 89], ['EDOM', 18, 33], ['EDQUOT', 19, 122],
  ['EEXIST', 20, 17], ['EFAULT', 21, 14], ['EFBIG', 22, 27], ['EHOSTUNREACH', 23, 113],
  ['EIDRM', 24, 43], ['EILSEQ', 25, 84], ['EINPROGRESS', 26, 115], ['EINTR', 27, 4],
  ['EINVAL', 28, 22], ['EIO', 29, 5], ['EISCONN', 30, 106], ['EISDIR', 31, 21],
  ['ELOOP', 32, 40], ['EMFILE', 33, 24], ['EMLINK', 34, 31], ['EMSGSIZE', 35, 90],
  ['EMULTIHOP', 36, 72], ['ENAMETOOLONG', 37, 36], ['ENETDOWN', 38, 100], ['ENETRESET', 39, 102],
  ['ENETUNREACH', 40, 101], ['ENFILE', 41, 23], ['ENOBUFS', 42, 105], ['ENODEV', 43, 19],
  ['ENOENT', 44, 2], ['ENOEXEC', 45, 8], ['ENOLCK', 46, 37], ['ENOLINK', 47, 67],
  ['ENOMEM', 48, 12], ['ENOMSG', 49, 42], ['ENOPROTOOPT', 50, 92], ['ENOSPC', 51, 28],
  ['ENOSYS', 52, 38], ['ENOTCONN', 53, 107], ['ENOTDIR', 54, 20], ['ENOTEMPTY', 55, 39],
  ['ENOTRECOVERABLE', 56, 131], ['ENOTSOCK', 57, 88], ['ENOTSUP', 58, 95], ['ENOTTY', 59, 25],
  ['ENXIO', 60, 6], ['EOVERFLOW', 61, 75], ['EOWNERDEAD', 62, 130], ['EPERM', 63, 1],
  ['EPIPE', 64, 32], ['EPROTO', 65, 71], ['EPROTONOSUPPORT', 66, 93], ['EPROTOTYPE', 67, 91],
  ['ERANGE', 68, 34], ['EROFS', 69, 30], ['ESPIPE', 70, 29], ['ESRCH', 71, 3],
  ['ESTALE', 72, 116], ['ETIMEDOUT', 73, 110], ['ETXTBSY', 74, 26], ['EXDEV', 75, 18],
  ['ENOTCAPABLE', 76, 1],
];

const WASI_TO_LINUX = new Map(TABLE.map(([, wasi, linux]) => [wasi, linux]));
const NAME_TO_WASI = new Map(TABLE.map(([name, wasi]) => [name, wasi]));

export function linuxErrno(wasi) {
  return WASI_TO_LINUX.get(wasi) ?? wasi;
}

/** WASI number for a Node.js error code such as 'ENOENT' (EIO when unknown). */
export function wasiErrnoForNodeCode(code) {
  return NAME_TO_WASI.get(code === 'EWOULDBLOCK' ? 'EAGAIN' : code) ?? NAME_TO_WASI.get('EIO');
}

/**
 * Rewrites the errno results of the filesystem imports in place.
 * __syscall_* return -errno (other results are counts or fds); fd_* return errno or 0.
 */
export function mapErrnoResults(imports) {
  for (const name of Object.keys(imports)) {
    const original = imports[name];
    if (typeof original !== 'function') continue;
    if (name.startsWith('__syscall_')) {
      imports[name] = (...args) => {
        const r = original(...args);
        return typeof r === 'number' && r < 0 ? -linuxErrno(-r) : r;
      };
    } else if (name.startsWith('fd_')) {
      imports[name] = (...args) => {
        const r = original(...args);
        return typeof r === 'number' && r > 0 ? linuxErrno(r) : r;
      };
    }
  }
}
