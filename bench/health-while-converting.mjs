// Sends one very large request (COUNT consecutive user messages, OpenAI-shaped, to a model
// on an Anthropic backend: parsed, merged and re-rendered by switchyard) and meanwhile asks
// /health every 5 ms on fresh connections. Prints one JSON line: how long the big request
// took to its response head, and /health's latency while it was under way.
//   node bench/health-while-converting.mjs PORT MODEL COUNT
import http from 'node:http';

const [port, model, count] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4])];
const message = '{"role":"user","content":"a line of an agent\'s long session, repeated to make a large request body"}';
const body = Buffer.from(`{"model":"${model}","max_tokens":8,"messages":[${Array(count).fill(message).join(',')}]}`);
const agent = new http.Agent({ keepAlive: false });
const healthMs = [];
let bigDone = false;

function get(path) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.get({ port, path, agent, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  });
}

async function pollHealth() {
  while (!bigDone) {
    const r = await get('/health');
    if (!bigDone) healthMs.push(r.status === 200 ? r.ms : Infinity);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const started = process.hrtime.bigint();
const big = new Promise((resolve) => {
  const req = http.request({ port, path: '/v1/chat/completions', method: 'POST', agent, timeout: 120000,
                             headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    bigDone = true;
    res.resume();
    res.on('end', () => resolve({ status: res.statusCode, ms }));
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => { bigDone = true; resolve({ status: 0, ms: 0, error: String(e) }); });
  req.end(body);
});
const poller = pollHealth();
const result = await big;
await poller;
healthMs.sort((a, b) => a - b);
const pick = (p) => healthMs[Math.min(healthMs.length - 1, Math.floor(p * healthMs.length))];
console.log(JSON.stringify({ bodyBytes: body.length, bigStatus: result.status, bigMs: result.ms, healthChecks: healthMs.length,
                             healthFailed: healthMs.filter((v) => v === Infinity).length,
                             healthP50Ms: pick(0.5), healthP99Ms: pick(0.99), healthMaxMs: healthMs[healthMs.length - 1] }));
