// The system libbpf (libbpf.so.1, Debian libbpf1 1.1.x) and the few libc calls around it,
// declared through koffi. Loaded once, lazily: `const lib = await libbpf()`. Conventions turned
// into typed errors here: int functions return -errno, pointer functions return NULL and set
// errno. Declarations and struct sizes follow reference/ebpf-loading.md (measured on koffi 3).
import {getSystemErrorMap} from 'node:util';
import type * as Koffi from 'koffi';
import {AxonError, NotFoundError, NotSupportedError, PermissionError, UsageError} from '../errors.js';

/** Opaque libbpf pointers (koffi 3: BigInt-like handles; not type-checked, so keep them apart). */
export type Ptr = unknown;

export interface LibbpfBindings {
  koffi: typeof Koffi;
  sizes: {tcHook: number; tcOpts: number; openOpts: number};
  // objects
  bpf_object__open_file(path: string, opts: object | null): Ptr;
  bpf_object__load(obj: Ptr): number;
  bpf_object__close(obj: Ptr): void;
  bpf_object__next_program(obj: Ptr, prev: Ptr): Ptr;
  bpf_object__next_map(obj: Ptr, prev: Ptr): Ptr;
  bpf_program__name(prog: Ptr): string;
  bpf_program__fd(prog: Ptr): number;
  bpf_program__set_autoload(prog: Ptr, on: boolean): number;
  bpf_program__set_log_buf(prog: Ptr, buf: Buffer, size: number): number;
  bpf_map__name(map: Ptr): string;
  bpf_map__fd(map: Ptr): number;
  bpf_map__initial_value(map: Ptr, size: number[]): Ptr;
  bpf_map__set_initial_value(map: Ptr, data: Buffer, size: number): number;
  // fds, pins and ids
  bpf_obj_pin(fd: number, path: string): number;
  bpf_obj_get(path: string): number;
  bpf_obj_get_info_by_fd(fd: number, info: Buffer, len: number[]): number;
  bpf_prog_get_next_id(start: number, next: number[]): number;
  bpf_map_get_next_id(start: number, next: number[]): number;
  bpf_link_get_next_id(start: number, next: number[]): number;
  bpf_prog_get_fd_by_id(id: number): number;
  bpf_map_get_fd_by_id(id: number): number;
  bpf_link_get_fd_by_id(id: number): number;
  // links and tc
  bpf_link_create(progFd: number, target: number, attachType: number, opts: null): number;
  bpf_link_detach(linkFd: number): number;
  bpf_tc_hook_create(hook: object): number;
  bpf_tc_hook_destroy(hook: object): number;
  bpf_tc_attach(hook: object, opts: {[k: string]: number}): number;
  bpf_tc_detach(hook: object, opts: object): number;
  bpf_tc_query(hook: object, opts: {[k: string]: number}): number;
  // maps
  bpf_map_lookup_elem(fd: number, key: Buffer, value: Buffer): number;
  bpf_map_update_elem(fd: number, key: Buffer, value: Buffer, flags: number): number;
  bpf_map_delete_elem(fd: number, key: Buffer): number;
  bpf_map_get_next_key(fd: number, key: Buffer | null, next: Buffer): number;
  // libc
  close(fd: number): number;
  open(path: string, flags: number): number;
  setns(fd: number, nstype: number): number;
  if_nametoindex(name: string): number;
  errno(): number;
  /** libbpf WARN/INFO messages since the last takeMessages() (libbpf_set_print capture) */
  takeMessages(): string[];
}

export const LIBBPF_SONAME = 'libbpf.so.1';
export const TC_INGRESS = 1;
export const TC_EGRESS = 2;
export const BPF_XDP = 37;
/** Not in Debian 12's 6.1 uapi headers; values from the kernel's BTF (reference/ebpf-loading.md). */
export const BPF_TCX_INGRESS = 46;
export const BPF_TCX_EGRESS = 47;
const CLONE_NEWNET = 0x40000000;
const O_RDONLY = 0;
const O_CLOEXEC = 0o2000000;

let cached: Promise<LibbpfBindings> | undefined;

/** The bindings (declared on first use). A missing libbpf.so.1 is a NotSupportedError with the apt hint. */
export function libbpf(): Promise<LibbpfBindings> {
  cached ??= bind();
  return cached;
}

async function bind(): Promise<LibbpfBindings> {
  const koffi = (await import('koffi')).default as unknown as typeof Koffi;
  let lib: Koffi.LibraryHandle;
  try {
    lib = koffi.load(LIBBPF_SONAME);
  } catch (e) {
    cached = undefined;
    throw new NotSupportedError(`cannot load ${LIBBPF_SONAME}: ${(e as Error).message}`, {hint: 'install the system libbpf: apt-get install libbpf1', cause: e});
  }
  const libc = koffi.load('libc.so.6');
  for (const n of ['bpf_object', 'bpf_program', 'bpf_map', 'bpf_link']) koffi.opaque(n);
  const tcHook = koffi.struct('bpf_tc_hook', {sz: 'size_t', ifindex: 'int', attach_point: 'uint32_t', parent: 'uint32_t'});
  const tcOpts = koffi.struct('bpf_tc_opts', {sz: 'size_t', prog_fd: 'int', flags: 'uint32_t', prog_id: 'uint32_t', handle: 'uint32_t', priority: 'uint32_t'});
  const openOpts = koffi.struct('bpf_object_open_opts', {
    sz: 'size_t', object_name: 'const char *', relaxed_maps: 'bool', pin_root_path: 'const char *',
    _stub_attach_prog_fd: 'uint32_t', kconfig: 'const char *', btf_custom_path: 'const char *',
    kernel_log_buf: 'void *', kernel_log_size: 'size_t', kernel_log_level: 'uint32_t',
  });
  const f = (decl: string) => lib.func(decl);
  const c = (decl: string) => libc.func(decl);

  // libbpf's print callback: format with vsnprintf (va_list arrives as a pointer on x86-64/arm64).
  const printProto = koffi.proto('int libbpf_print_fn_t(int level, const char *fmt, void *ap)');
  const vsnprintf = c('int vsnprintf(_Out_ uint8_t *buf, size_t n, const char *fmt, void *ap)');
  const messages: string[] = [];
  const fmtBuf = Buffer.alloc(8192);
  const LIBBPF_WARN = 0;
  const LIBBPF_INFO = 1;
  const printCb = koffi.register((level: number, fmt: string, ap: unknown) => {
    if (level !== LIBBPF_WARN && level !== LIBBPF_INFO) return 0;
    const n = vsnprintf(fmtBuf, fmtBuf.length, fmt, ap) as number;
    const text = fmtBuf.toString('utf8', 0, Math.max(0, Math.min(n, fmtBuf.length - 1))).trimEnd();
    // bpf_tc_hook_create on an existing clsact: expected, handled by the caller.
    if (text && !/Exclusivity flag on, cannot modify/.test(text)) messages.push(text);
    return 0;
  }, koffi.pointer(printProto));
  f('void *libbpf_set_print(libbpf_print_fn_t *fn)')(printCb);

  const b: LibbpfBindings = {
    koffi,
    sizes: {tcHook: koffi.sizeof(tcHook), tcOpts: koffi.sizeof(tcOpts), openOpts: koffi.sizeof(openOpts)},
    bpf_object__open_file: f('bpf_object *bpf_object__open_file(const char *path, const bpf_object_open_opts *opts)'),
    bpf_object__load: f('int bpf_object__load(bpf_object *obj)'),
    bpf_object__close: f('void bpf_object__close(bpf_object *obj)'),
    bpf_object__next_program: f('bpf_program *bpf_object__next_program(const bpf_object *obj, bpf_program *prev)'),
    bpf_object__next_map: f('bpf_map *bpf_object__next_map(const bpf_object *obj, const bpf_map *prev)'),
    bpf_program__name: f('const char *bpf_program__name(const bpf_program *prog)'),
    bpf_program__fd: f('int bpf_program__fd(const bpf_program *prog)'),
    bpf_program__set_autoload: f('int bpf_program__set_autoload(bpf_program *prog, bool autoload)'),
    bpf_program__set_log_buf: f('int bpf_program__set_log_buf(bpf_program *prog, void *log_buf, size_t log_size)'),
    bpf_map__name: f('const char *bpf_map__name(const bpf_map *map)'),
    bpf_map__fd: f('int bpf_map__fd(const bpf_map *map)'),
    bpf_map__initial_value: f('void *bpf_map__initial_value(bpf_map *map, _Out_ size_t *psize)'),
    bpf_map__set_initial_value: f('int bpf_map__set_initial_value(bpf_map *map, const void *data, size_t size)'),
    bpf_obj_pin: f('int bpf_obj_pin(int fd, const char *pathname)'),
    bpf_obj_get: f('int bpf_obj_get(const char *pathname)'),
    bpf_obj_get_info_by_fd: f('int bpf_obj_get_info_by_fd(int bpf_fd, void *info, _Inout_ uint32_t *info_len)'),
    bpf_prog_get_next_id: f('int bpf_prog_get_next_id(uint32_t start_id, _Out_ uint32_t *next_id)'),
    bpf_map_get_next_id: f('int bpf_map_get_next_id(uint32_t start_id, _Out_ uint32_t *next_id)'),
    bpf_link_get_next_id: f('int bpf_link_get_next_id(uint32_t start_id, _Out_ uint32_t *next_id)'),
    bpf_prog_get_fd_by_id: f('int bpf_prog_get_fd_by_id(uint32_t id)'),
    bpf_map_get_fd_by_id: f('int bpf_map_get_fd_by_id(uint32_t id)'),
    bpf_link_get_fd_by_id: f('int bpf_link_get_fd_by_id(uint32_t id)'),
    bpf_link_create: f('int bpf_link_create(int prog_fd, int target_fd, int attach_type, void *opts)'),
    bpf_link_detach: f('int bpf_link_detach(int link_fd)'),
    bpf_tc_hook_create: f('int bpf_tc_hook_create(bpf_tc_hook *hook)'),
    bpf_tc_hook_destroy: f('int bpf_tc_hook_destroy(bpf_tc_hook *hook)'),
    bpf_tc_attach: f('int bpf_tc_attach(const bpf_tc_hook *hook, _Inout_ bpf_tc_opts *opts)'),
    bpf_tc_detach: f('int bpf_tc_detach(const bpf_tc_hook *hook, const bpf_tc_opts *opts)'),
    bpf_tc_query: f('int bpf_tc_query(const bpf_tc_hook *hook, _Inout_ bpf_tc_opts *opts)'),
    bpf_map_lookup_elem: f('int bpf_map_lookup_elem(int fd, const void *key, _Out_ void *value)'),
    bpf_map_update_elem: f('int bpf_map_update_elem(int fd, const void *key, const void *value, uint64_t flags)'),
    bpf_map_delete_elem: f('int bpf_map_delete_elem(int fd, const void *key)'),
    bpf_map_get_next_key: f('int bpf_map_get_next_key(int fd, const void *key, _Out_ void *next_key)'),
    close: c('int close(int fd)'),
    open: c('int open(const char *path, int flags)'),
    setns: c('int setns(int fd, int nstype)'),
    if_nametoindex: c('unsigned int if_nametoindex(const char *ifname)'),
    errno: () => koffi.errno(),
    takeMessages: () => messages.splice(0),
  };
  return b;
}

const ERRNO = getSystemErrorMap();

/** "EPERM (operation not permitted)" for a positive or negative errno. */
export function errnoText(err: number): string {
  if (Math.abs(err) === 524) return 'ENOTSUPP (operation not supported)';
  const e = ERRNO.get(-Math.abs(err));
  return e ? `${e[0]} (${e[1]})` : `errno ${Math.abs(err)}`;
}

export function errnoName(err: number): string {
  if (Math.abs(err) === 524) return 'ENOTSUPP'; // kernel-internal, not in libc's table
  return ERRNO.get(-Math.abs(err))?.[0] ?? `errno ${Math.abs(err)}`;
}

export const CAP_HINT = 'eBPF needs root, or CAP_BPF plus CAP_NET_ADMIN (and CAP_SYS_ADMIN for --netns)';

/** A libbpf/syscall failure as the typed error its errno means; `what` is the context prefix. */
export function errnoError(what: string, err: number, hint?: string): AxonError {
  const msg = `${what}: ${errnoText(err)}`;
  switch (errnoName(err)) {
    case 'EPERM':
      return new PermissionError(msg, {hint: hint ?? CAP_HINT});
    case 'EACCES':
      return new PermissionError(msg, {hint});
    case 'ENOENT':
    case 'ENODEV':
    case 'ESRCH':
      return new NotFoundError(msg, {hint});
    case 'EOPNOTSUPP':
    case 'ENOTSUP':
    case 'ENOTSUPP':
    case 'ENOSYS':
    case 'EPROTONOSUPPORT':
      return new NotSupportedError(msg, {hint: hint ?? 'the kernel lacks this feature (see "uname -r")'});
    case 'EINVAL':
    case 'E2BIG':
      return new UsageError(msg, {hint});
    default:
      return new AxonError(msg, {hint});
  }
}

/** Throws the typed error for a negative return code; returns it otherwise. */
export function check(what: string, rc: number, hint?: string): number {
  if (rc < 0) throw errnoError(what, rc, hint);
  return rc;
}

/** Throws for a NULL pointer return, reading errno right after the call. */
export function checkPtr(lib: LibbpfBindings, what: string, p: Ptr, hint?: string): Ptr {
  if (p === null || p === 0n || p === undefined) throw errnoError(what, lib.errno() || 22, hint);
  return p;
}

/** Run `fn` with the calling (main) thread inside the named network namespace (/var/run/netns/NAME), synchronously. */
export function inNetns<T>(lib: LibbpfBindings, netns: string | undefined, fn: () => T): T {
  if (!netns) return fn();
  if (!/^[A-Za-z0-9_.-]+$/.test(netns) || netns === '.' || netns === '..') throw new UsageError(`invalid netns name "${netns}"`);
  const target = lib.open(`/var/run/netns/${netns}`, O_RDONLY | O_CLOEXEC);
  if (target < 0) {
    const e = lib.errno();
    if (errnoName(e) === 'ENOENT') throw new NotFoundError(`network namespace "${netns}" not found (no /var/run/netns/${netns})`, {hint: 'list them with "ip netns list"'});
    throw errnoError(`open netns ${netns}`, e);
  }
  const self = lib.open('/proc/thread-self/ns/net', O_RDONLY | O_CLOEXEC);
  try {
    if (self < 0) throw errnoError('open /proc/thread-self/ns/net', lib.errno());
    if (lib.setns(target, CLONE_NEWNET) < 0) throw errnoError(`enter netns ${netns}`, lib.errno(), 'entering a network namespace needs CAP_SYS_ADMIN');
    try {
      return fn();
    } finally {
      if (lib.setns(self, CLONE_NEWNET) < 0) throw errnoError('return to the original netns', lib.errno());
    }
  } finally {
    lib.close(target);
    if (self >= 0) lib.close(self);
  }
}

/** ifindex of `iface` in the current thread's netns, or NotFoundError. */
export function ifindex(lib: LibbpfBindings, iface: string, netns?: string): number {
  const idx = lib.if_nametoindex(iface);
  if (!idx) throw new NotFoundError(`interface "${iface}" not found${netns ? ` in netns ${netns}` : ''}`, {hint: netns ? `list them with "ip -n ${netns} link"` : 'list them with "ip link" (pass --netns for interfaces inside a namespace)'});
  return idx;
}
