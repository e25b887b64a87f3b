// `--input-file FILE|-`: GetFlowsResponse JSON lines (what `-o jsonpb` writes), through the same
// filter engine as the server, with since/until on the response time, --first N (stop after N)
// and --last N (a ring of the last N). Bad lines are reported with their number and skipped.
import {open} from 'node:fs/promises';
import {createInterface} from 'node:readline';
import {fromJsonString} from '@bufbuild/protobuf';
import {GetFlowsResponseSchema, type GetFlowsRequest, type GetFlowsResponse} from '../../hubble/gen/observer/observer_pb.js';
import {compileFilters} from '../filter/index.js';
import {UsageError} from '../../errors.js';

export const MAX_FILE_LAST = 1_000_000;

export interface FileSourceEvents {
  /** A line that is not a GetFlowsResponse (1-based line number). */
  onBadLine(line: number, reason: string): void;
  /** Once: the input has fields this version does not know (they are dropped). */
  onUnknownFields(line: number, reason: string): void;
}

function tsNs(t: {seconds: bigint; nanos: number} | undefined): bigint | undefined {
  return t ? t.seconds * 1_000_000_000n + BigInt(t.nanos) : undefined;
}

export async function* readFlowFile(path: string, req: GetFlowsRequest, ev: FileSourceEvents, stdin: NodeJS.ReadableStream = process.stdin): AsyncGenerator<GetFlowsResponse> {
  if (req.number > BigInt(MAX_FILE_LAST) && !req.first) throw new UsageError(`--last ${req.number} is too large for --input-file`, {hint: `at most ${MAX_FILE_LAST}`});
  const match = compileFilters(req.whitelist, req.blacklist);
  const since = tsNs(req.since);
  const until = tsNs(req.until);
  let input: NodeJS.ReadableStream = stdin;
  if (path !== '-') {
    try {
      input = (await open(path)).createReadStream();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read --input-file ${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, {hint: 'pass an existing file, or - for stdin'});
    }
  }
  const lines = createInterface({input, crlfDelay: Infinity});
  const keepLast = !req.first && req.number > 0n ? Number(req.number) : 0;
  // --last N: a circular buffer of the N newest matches.
  const ring: GetFlowsResponse[] = [];
  let head = 0;
  let sent = 0;
  let n = 0;
  let warned = false;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    let resp: GetFlowsResponse;
    try {
      resp = fromJsonString(GetFlowsResponseSchema, text);
    } catch (strictErr) {
      try {
        resp = fromJsonString(GetFlowsResponseSchema, text, {ignoreUnknownFields: true});
        if (!warned) {
          warned = true;
          ev.onUnknownFields(n, (strictErr as Error).message);
        }
      } catch (e) {
        ev.onBadLine(n, (e as Error).message);
        continue;
      }
    }
    if (resp.responseTypes.case === 'flow' && !match(resp.responseTypes.value)) continue;
    const t = tsNs(resp.time) ?? (resp.responseTypes.case === 'flow' ? tsNs(resp.responseTypes.value.time) : undefined);
    if (since !== undefined && (t === undefined || t < since)) continue;
    if (until !== undefined && (t === undefined || t > until)) continue;
    if (keepLast) {
      if (ring.length < keepLast) ring.push(resp);
      else ring[head++ % keepLast] = resp;
      continue;
    }
    yield resp;
    if (req.first && req.number > 0n && ++sent >= Number(req.number)) return;
  }
  for (let i = 0; i < ring.length; i++) yield ring[(head + i) % ring.length];
}
