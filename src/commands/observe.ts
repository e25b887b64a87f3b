import {AxonCommand} from '../cli/axon-command.js';
import {exitCodesHelp} from '../cli/exit-codes.js';
import {clientOptionsFromFlags, filterFlags, hubbleServerFlags, normalizeHubbleArgv, observeFlags, orderedFilterArgs} from '../cli/flags-hubble.js';
import {timeFormatFromName} from '../flows/time.js';

export default class Observe extends AxonCommand {
  static override summary = 'Observe flows of a Hubble server, as `hubble observe` (same flags, requests and output).';
  static override description = `Prints flows from the Hubble Observer API (GetFlows) of the local agent or of Hubble Relay, or from a file of saved flows (--input-file). Filters are sent to the server exactly as hubble builds them: a flow must match one value of every filter flag given; --not in front of a filter flag excludes what it matches; --from-X/--to-X select a side, --X either side.

Output is byte for byte hubble's compact (default), dict, table or json (= jsonpb, one GetFlowsResponse per line). Beyond upstream: --follow reconnects and resumes without duplicates when the stream breaks (--no-reconnect to stop instead), lost events are summarised on stderr at the end, --dns-query filters DNS names, --time-zone local, and table output works with --follow.

EXIT CODES
${exitCodesHelp(['UNREACHABLE', 'PERMISSION', 'TIMEOUT', 'BAD_RESPONSE', 'NOT_SUPPORTED'])}
  Ctrl-C during --follow exits 0. Malformed --input-file lines are reported, skipped, and give exit 1 at the end.`;
  static override examples = [
    '<%= config.bin %> observe --follow --from-pod default/frontend',
    '<%= config.bin %> observe --last 100 --verdict DROPPED --output dict',
    '<%= config.bin %> observe --namespace kube-system --not --protocol udp',
    '<%= config.bin %> observe --type l7 --http-status 5+ --print-policy-names',
    '<%= config.bin %> observe --output jsonpb --last 1000 > flows.json',
    '<%= config.bin %> observe --input-file flows.json --to-port 53 --output table',
    '<%= config.bin %> observe --print-raw-filters --pod web --not --verdict FORWARDED',
    '<%= config.bin %> observe --server unix:///tmp/axon/run/hubble.sock --follow --time-zone local',
  ];
  static override flags = {...observeFlags(), ...filterFlags(), ...hubbleServerFlags()};

  async run(): Promise<unknown> {
    const defs = Object.fromEntries(
      Object.entries({...Observe.baseFlags, ...Observe.flags}).map(([n, f]) => [n, {type: (f as {type: string}).type, char: (f as {char?: string}).char}]),
    );
    const argv = normalizeHubbleArgv(this.argv, defs);
    const {flags} = await this.parse(Observe, argv);
    const format = flags.output === 'jsonpb' ? 'json' : flags.output === 'tab' ? 'table' : flags.output;
    const {buildGetFlowsRequest, formatRawFilters} = await import('../hubble/request/index.js');
    const request = buildGetFlowsRequest({
      filters: orderedFilterArgs(argv, defs),
      allowlist: flags.allowlist ?? [],
      denylist: flags.denylist ?? [],
      first: flags.first,
      last: flags.last,
      all: flags.all,
      follow: flags.follow,
      since: flags.since,
      until: flags.until,
      inputFile: flags['input-file'] !== undefined,
      output: format,
      fieldMask: flags['field-mask'] ?? [],
      useDefaultFieldMasks: flags['use-default-field-masks'],
    });
    if (flags['print-raw-filters']) {
      this.io.write(formatRawFilters(request));
      return {whitelist: request.whitelist, blacklist: request.blacklist};
    }

    const stop = new AbortController();
    const onSigint = () => stop.abort();
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigint);
    const {runObserve, lostSummary} = await import('../flows/observe.js');
    const source = flags['input-file']
      ? ({kind: 'file', path: flags['input-file']} as const)
      : ({kind: 'grpc', reconnect: flags.reconnect, client: clientOptionsFromFlags(flags)} as const);
    try {
      const result = await runObserve({
        request,
        format,
        follow: flags.follow,
        print: {
          color: this.io.color && (format === 'compact' || format === 'dict'),
          nodeName: flags['print-node-name'],
          policyNames: flags['print-policy-names'],
          ipTranslation: flags['ip-translation'] && !flags.numeric,
          timeFormat: timeFormatFromName(flags['time-format']),
          timeZone: flags['time-zone'] as 'utc' | 'local',
          debug: this.debugEnabled(),
        },
        source,
        stdout: process.stdout,
        err: (line) => this.io.err(line),
        signal: stop.signal,
        silentErrors: flags['silent-errors'],
      });
      const note = lostSummary(result.lost);
      if (note) this.io.err(note);
      return {flows: result.flows, responses: result.responses};
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  }
}
