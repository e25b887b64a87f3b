// Structured logs for the daemon: one logfmt line per event on stderr (journald/systemd friendly),
// `time=… level=info msg="…" subsys=daemon key=value`, the layout cilium-agent uses.
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  /** A logger whose lines carry subsys=<name>. */
  sub(subsys: string): Logger;
}

function quote(v: unknown): string {
  const s = v instanceof Error ? v.message : typeof v === 'string' ? v : JSON.stringify(v) ?? 'null';
  return s === '' || /[\s"=\\]/.test(s) || /[^\x20-\x7e]/.test(s) ? JSON.stringify(s) : s;
}

export function formatLogLine(time: Date, level: Level, msg: string, fields: Fields): string {
  const parts = [`time=${time.toISOString()}`, `level=${level}`, `msg=${quote(msg)}`];
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) parts.push(`${k}=${quote(v)}`);
  return parts.join(' ');
}

export function createLogger(write: (line: string) => void = (l) => process.stderr.write(l + '\n'), base: Fields = {}, minLevel: Level = 'info'): Logger {
  const order: Level[] = ['debug', 'info', 'warn', 'error'];
  const emit = (level: Level) => (msg: string, fields: Fields = {}) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    write(formatLogLine(new Date(), level, msg, {...base, ...fields}));
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    sub: (subsys) => createLogger(write, {...base, subsys}, minLevel),
  };
}
