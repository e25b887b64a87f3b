// The demo's "coredns", run inside the pod's netns: A records for the demo's service names
// (argv JSON {name: ip}), NXDOMAIN for the rest. argv: port readyFile recordsJson
import {createSocket} from 'node:dgram';
import {writeFileSync} from 'node:fs';
import {encodeAnswer, parseQuery} from '../dns-wire.js';

const [port, readyFile, recordsJson] = process.argv.slice(2);
const records = JSON.parse(recordsJson) as Record<string, string>;
const sock = createSocket('udp4');
sock.on('message', (msg, rinfo) => {
  const q = parseQuery(msg);
  if (!q) return;
  const ip = records[q.name.replace(/\.$/, '')];
  sock.send(encodeAnswer(q, ip ? [ip] : undefined), rinfo.port, rinfo.address);
});
sock.bind(Number(port), '0.0.0.0', () => writeFileSync(readyFile, String(process.pid)));
process.on('SIGTERM', () => sock.close(() => process.exit(0)));
