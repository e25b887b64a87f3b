// One round of demo traffic from inside a client pod: a DNS lookup of the API's service name
// at coredns, then HTTP GETs to the API. Prints one JSON line per request. argv: planJson
import {createSocket} from 'node:dgram';
import {get} from 'node:http';
import {encodeQuery, parseAnswerIps} from '../dns-wire.js';

interface Plan {
  dns: string;
  name: string;
  apiPort: number;
  paths: string[];
}
const plan = JSON.parse(process.argv[2]) as Plan;
const out = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

function lookup(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    const t = setTimeout(() => {
      s.close();
      out({kind: 'dns', to: plan.dns, name: plan.name, error: 'timeout'});
      resolve(undefined);
    }, 2000);
    s.on('message', (m) => {
      clearTimeout(t);
      s.close();
      const {rcode, ips} = parseAnswerIps(m);
      out({kind: 'dns', to: plan.dns, name: plan.name, rcode, ips});
      resolve(ips[0]);
    });
    s.send(encodeQuery(Math.floor(Math.random() * 65535), plan.name), 53, plan.dns);
  });
}

function httpGet(ip: string, path: string): Promise<void> {
  return new Promise((resolve) => {
    const req = get({host: ip, port: plan.apiPort, path, timeout: 2000, agent: false}, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => {
        out({kind: 'http', to: ip, port: plan.apiPort, path, status: res.statusCode, bytes: body.length});
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => {
      out({kind: 'http', to: ip, port: plan.apiPort, path, error: e.message});
      resolve();
    });
  });
}

const ip = await lookup();
if (ip) for (const p of plan.paths) await httpGet(ip, p);
