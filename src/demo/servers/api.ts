// The python-app "API" of the demo, run inside the pod's netns: GET /employees and
// /employees/{id} answer the seed's JSON, anything else 404. argv: port readyFile
import {writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import {EMPLOYEES} from '../pods.js';

const [port, readyFile] = process.argv.slice(2);
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const one = /^\/employees\/(\d+)$/.exec(path);
  const body = path === '/employees' ? EMPLOYEES : one ? EMPLOYEES.find((e) => e.id === Number(one[1])) : undefined;
  if (req.method !== 'GET' || body === undefined) {
    res.writeHead(404, {'Content-Type': 'text/plain'}).end('Not Found\n');
    return;
  }
  res.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify(body));
});
server.listen(Number(port), '0.0.0.0', () => writeFileSync(readyFile, String(process.pid)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
