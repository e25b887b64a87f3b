// Hubble's time formats: the --time-format layouts for printing (UTC by default, like the Go
// printer; local with --time-zone local) and the --since/--until parser (Go durations counted
// back from now, or one of the absolute layouts).
import type {Timestamp} from '@bufbuild/protobuf/wkt';
import {parseGoDuration} from '../cilium/print/go.js';

export const TIME_FORMATS = [
  'StampMilli',
  'YearMonthDay',
  'YearMonthDayHour',
  'YearMonthDayHourMinute',
  'RFC3339',
  'RFC3339Milli',
  'RFC3339Micro',
  'RFC3339Nano',
  'RFC1123Z',
] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];
export type TimeZone = 'utc' | 'local';

/** Case-insensitive name → format; unknown names fall back to StampMilli as upstream. */
export function timeFormatFromName(name: string): TimeFormat {
  return TIME_FORMATS.find((f) => f.toLowerCase() === name.toLowerCase()) ?? 'StampMilli';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MIN_SECONDS = -62135596800n; // 0001-01-01T00:00:00Z
const MAX_SECONDS = 253402300799n; // 9999-12-31T23:59:59Z

const p2 = (n: number) => String(n).padStart(2, '0');

/** Fraction digits as Go's `.999…` layouts print them: trailing zeros and the dot dropped. */
function trimmedFraction(nanos: number, digits: number): string {
  const s = String(nanos).padStart(9, '0').slice(0, digits).replace(/0+$/, '');
  return s === '' ? '' : `.${s}`;
}

function zone(offsetMin: number, colon: boolean, zulu: boolean): string {
  if (offsetMin === 0 && zulu) return 'Z';
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${sign}${p2(Math.floor(a / 60))}${colon ? ':' : ''}${p2(a % 60)}`;
}

/** Format a protobuf Timestamp; invalid or missing → `N/A` (Go's fmtTimestamp). */
export function formatTimestamp(ts: Timestamp | undefined, format: TimeFormat = 'StampMilli', tz: TimeZone = 'utc'): string {
  if (!ts || ts.seconds < MIN_SECONDS || ts.seconds > MAX_SECONDS || ts.nanos < 0 || ts.nanos >= 1e9) return 'N/A';
  const ms = Number(ts.seconds) * 1000;
  const offsetMin = tz === 'local' ? -new Date(ms).getTimezoneOffset() : 0;
  const d = new Date(ms + offsetMin * 60_000);
  const Y = String(d.getUTCFullYear()).padStart(4, '0');
  const M = p2(d.getUTCMonth() + 1);
  const D = p2(d.getUTCDate());
  const h = p2(d.getUTCHours());
  const m = p2(d.getUTCMinutes());
  const s = p2(d.getUTCSeconds());
  const n = ts.nanos;
  switch (format) {
    case 'YearMonthDay':
      return `${Y}-${M}-${D}`;
    case 'YearMonthDayHour':
      return `${Y}-${M}-${D}T${h}${zone(offsetMin, true, true)}`;
    case 'YearMonthDayHourMinute':
      return `${Y}-${M}-${D}T${h}:${m}${zone(offsetMin, true, true)}`;
    case 'RFC3339':
      return `${Y}-${M}-${D}T${h}:${m}:${s}${zone(offsetMin, true, true)}`;
    case 'RFC3339Milli':
      return `${Y}-${M}-${D}T${h}:${m}:${s}${trimmedFraction(n, 3)}${zone(offsetMin, true, true)}`;
    case 'RFC3339Micro':
      return `${Y}-${M}-${D}T${h}:${m}:${s}${trimmedFraction(n, 6)}${zone(offsetMin, true, true)}`;
    case 'RFC3339Nano':
      return `${Y}-${M}-${D}T${h}:${m}:${s}${trimmedFraction(n, 9)}${zone(offsetMin, true, true)}`;
    case 'RFC1123Z':
      return `${DAYS[d.getUTCDay()]}, ${D} ${MONTHS[d.getUTCMonth()]} ${Y} ${h}:${m}:${s} ${zone(offsetMin, false, false)}`;
    default:
      return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${h}:${m}:${s}.${String(Math.floor(n / 1e6)).padStart(3, '0')}`;
  }
}

// Absolute layouts accepted by --since/--until: 2006-01-02, 2006-01-02T15Z07:00,
// 2006-01-02T15:04Z07:00, RFC3339 (with any fraction) and RFC1123Z.
const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const RFC1123Z = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/** --since/--until: a Go duration back from `now`, or an absolute time → {ms since the epoch, sub-ms nanos}. */
export function parseTimeArg(input: string, now = Date.now()): {ms: number; nanos: number} {
  const d = parseGoDuration(input);
  if (!Number.isNaN(d)) return {ms: now - Math.trunc(d / 1e6), nanos: 0};
  const a = ABSOLUTE.exec(input);
  // A fraction needs seconds; a time needs a zone; a date alone has neither.
  if (a && (a[4] === undefined) === (a[8] === undefined) && (a[7] === undefined || a[6] !== undefined)) {
    const [, Y, M, D, h = '0', mi = '0', sec = '0', frac, z = 'Z'] = a;
    const off = z === 'Z' ? 0 : (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(4, 6))) * 60_000;
    const nanosAll = frac ? Number(frac.slice(1, 10).padEnd(9, '0')) : 0;
    const base = Date.UTC(Number(Y), Number(M) - 1, Number(D), Number(h), Number(mi), Number(sec));
    return {ms: base - off + Math.floor(nanosAll / 1e6), nanos: nanosAll % 1e6};
  }
  const r = RFC1123Z.exec(input);
  if (r) {
    const [, D, Mon, Y, h, mi, s, sign, oh, om] = r;
    const off = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
    return {ms: Date.UTC(Number(Y), MONTHS.indexOf(Mon), Number(D), Number(h), Number(mi), Number(s)) - off, nanos: 0};
  }
  throw new Error(`failed to convert ${input} to time`);
}
