// --time-format layouts (Go layouts, UTC) and the --since/--until parser.
import assert from 'node:assert/strict';
import {formatTimestamp, parseTimeArg, timeFormatFromName, type TimeFormat} from '../../../src/flows/time.js';

const ts = {seconds: 1737624969n, nanos: 436000000, $typeName: 'google.protobuf.Timestamp' as const}; // 2025-01-23T09:36:09.436Z
const whole = {...ts, nanos: 0};

describe('flows/time', () => {
  const cases: Array<[TimeFormat, typeof ts, string]> = [
    ['StampMilli', ts, 'Jan 23 09:36:09.436'],
    ['YearMonthDay', ts, '2025-01-23'],
    ['YearMonthDayHour', ts, '2025-01-23T09Z'],
    ['YearMonthDayHourMinute', ts, '2025-01-23T09:36Z'],
    ['RFC3339', ts, '2025-01-23T09:36:09Z'],
    ['RFC3339Milli', ts, '2025-01-23T09:36:09.436Z'],
    ['RFC3339Micro', {...ts, nanos: 400000000}, '2025-01-23T09:36:09.4Z'],
    ['RFC3339Nano', whole, '2025-01-23T09:36:09Z'],
    ['RFC3339Nano', {...ts, nanos: 123456789}, '2025-01-23T09:36:09.123456789Z'],
    ['RFC1123Z', ts, 'Thu, 23 Jan 2025 09:36:09 +0000'],
    ['StampMilli', {...ts, seconds: 1741161723n, nanos: 16999999}, 'Mar  5 08:02:03.016'],
  ];
  for (const [f, t, want] of cases) it(`${f} → ${want}`, () => assert.equal(formatTimestamp(t, f), want));

  it('format names are case-insensitive, unknown ones fall back to StampMilli', () => {
    assert.equal(timeFormatFromName('rfc3339milli'), 'RFC3339Milli');
    assert.equal(timeFormatFromName('bogus'), 'StampMilli');
  });

  const now = Date.UTC(2025, 0, 23, 10, 0, 0);
  const parse: Array<[string, number]> = [
    ['1h', now - 3600_000],
    ['1h30m', now - 5400_000],
    ['2025-01-23', Date.UTC(2025, 0, 23)],
    ['2025-01-23T09Z', Date.UTC(2025, 0, 23, 9)],
    ['2025-01-23T09:36+01:00', Date.UTC(2025, 0, 23, 8, 36)],
    ['2025-01-23T09:36:09Z', Date.UTC(2025, 0, 23, 9, 36, 9)],
    ['2025-01-23T09:36:09.436Z', Date.UTC(2025, 0, 23, 9, 36, 9, 436)],
    ['Thu, 23 Jan 2025 09:36:09 +0000', Date.UTC(2025, 0, 23, 9, 36, 9)],
  ];
  for (const [input, ms] of parse) it(`parses ${input}`, () => assert.equal(parseTimeArg(input, now).ms, ms));
  it('rejects other text', () => assert.throws(() => parseTimeArg('yesterday', now), /failed to convert yesterday to time/));
});
