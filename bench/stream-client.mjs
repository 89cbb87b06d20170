// Opens N streamed chat completions at once against one URL and reports, over every SSE
// event of every stream, when it arrived (ms after its request was sent, and after the
// stream's first event: that one shows delays in forwarding, not in setting up), plus errors.
//   node bench/stream-client.mjs URL N BODY_FILE  ->  one JSON line
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [url, count, bodyFile] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const body = readFileSync(bodyFile);
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const firstByte = [], events = [], afterFirst = [];
let errors = 0, finished = 0;

function percentile(sorted, p) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN; }

function one() {
  return new Promise((resolve) => {
    const sent = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - sent) / 1e6;
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' }, timeout: 60000 }, (res) => {
      let seen = 0, buffered = '', done = false, first = 0;
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        if (seen === 0) firstByte.push(ms());
        buffered += chunk;
        let at;
        while ((at = buffered.indexOf('\n\n')) >= 0) {
          const event = buffered.slice(0, at);
          buffered = buffered.slice(at + 2);
          if (event.includes('[DONE]')) { done = true; continue; }
          if (!event.startsWith('data:')) continue;
          const now = ms();
          if (seen++ === 0) first = now;
          else afterFirst.push(now - first);
          events.push(now);
        }
      });
      res.on('end', () => { if (res.statusCode !== 200 || !done || seen === 0) ++errors; ++finished; resolve(); });
      res.on('error', () => { ++errors; resolve(); });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => { ++errors; resolve(); });
    req.end(body);
  });
}

const started = Date.now();
await Promise.all(Array.from({ length: count }, one));
firstByte.sort((a, b) => a - b);
events.sort((a, b) => a - b);
console.log(JSON.stringify({
  streams: count, finished, errors, events: events.length, seconds: (Date.now() - started) / 1000,
  firstByteP50: percentile(firstByte, 0.5), firstByteP99: percentile(firstByte, 0.99),
  eventMean: events.reduce((a, b) => a + b, 0) / Math.max(1, events.length),
  afterFirstMean: afterFirst.reduce((a, b) => a + b, 0) / Math.max(1, afterFirst.length),
  eventP50: percentile(events, 0.5), eventP99: percentile(events, 0.99),
}));
