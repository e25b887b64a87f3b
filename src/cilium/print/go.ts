// Go behaviours upstream's printers rely on: time.Duration text (String, ParseDuration), the
// "ago" helper, strfmt.DateTime text, byte-order string sorting and %q quoting.

const NS = {ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9} as const;

/** Go's Duration.String(): `312.554µs`, `1.009679ms`, `1m0s`, `2h3m4.5s`, `0s`. */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.round(Math.abs(ns));
  let out: string;
  if (u < 1e9) {
    if (u < 1e3) out = `${u}ns`;
    else if (u < 1e6) out = fixed(u, 1e3, 3) + 'µs';
    else out = fixed(u, 1e6, 6) + 'ms';
  } else {
    let s = '';
    if (u >= 3600e9) {
      s += `${Math.floor(u / 3600e9)}h`;
      u %= 3600e9;
      s += `${Math.floor(u / 60e9)}m`;
      u %= 60e9;
    } else if (u >= 60e9) {
      s += `${Math.floor(u / 60e9)}m`;
      u %= 60e9;
    }
    out = s + fixed(u, 1e9, 9) + 's';
  }
  return neg ? '-' + out : out;
}

/** Integer part of u/unit, then the fraction without trailing zeros. */
function fixed(u: number, unit: number, prec: number): string {
  const int = Math.floor(u / unit);
  const frac = u - int * unit;
  if (frac === 0) return String(int);
  return `${int}.${String(frac).padStart(prec, '0').replace(/0+$/, '')}`;
}

/** Go's time.ParseDuration (nanoseconds); NaN when the text is not a duration. */
export function parseGoDuration(text: string): number {
  const m = /^([-+]?)((?:\d*\.?\d+(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(text.trim());
  if (!m) return NaN;
  if (m[2] === '0') return 0;
  let total = 0;
  for (const [, num, unit] of m[2].matchAll(/(\d*\.?\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(num) * NS[unit as keyof typeof NS];
  return m[1] === '-' ? -total : total;
}

/** strfmt's zero DateTime (`0001-01-01T00:00:00.000Z`) and absent values count as "never". */
export function isZeroTime(ts: string | undefined): boolean {
  if (!ts) return true;
  const t = Date.parse(ts);
  return Number.isNaN(t) || new Date(t).getUTCFullYear() <= 1;
}

/** Upstream timeSince(): `never`, or the elapsed Go duration truncated to seconds + ` ago`. */
export function timeSince(ts: string | undefined, now: number): string {
  if (isZeroTime(ts)) return 'never';
  const ms = now - Date.parse(ts!);
  const secs = ms >= 0 ? Math.floor(ms / 1000) : Math.ceil(ms / 1000);
  return `${formatGoDuration(secs * 1e9)} ago`;
}

/** strfmt.DateTime text: RFC 3339 with milliseconds, UTC. Unparseable text is returned as is. */
export function formatDateTime(ts: string): string {
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return ts;
  const d = new Date(t);
  if (d.getUTCFullYear() <= 1) return '0001-01-01T00:00:00.000Z';
  return d.toISOString();
}

/** Byte-order comparison, as Go's strings.Compare / sort.Strings. */
export function goCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Go's %q for printable text (JSON string syntax without HTML escaping matches it there). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go's json.Marshal escaping of HTML characters and line separators (applied to JSON text). */
export function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
