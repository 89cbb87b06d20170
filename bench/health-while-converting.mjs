// Keeps switchyard busy with one large piece of work and meanwhile asks /health every 5 ms
// on fresh connections. Prints one JSON line per piece: how long it took to its response
// head, and /health's latency while it was under way.
//   node bench/health-while-converting.mjs PORT convert MODEL COUNT
//     COUNT consecutive user messages (OpenAI-shaped) to MODEL on an Anthropic backend:
//     parsed, merged and re-rendered by switchyard.
//   node bench/health-while-converting.mjs PORT config BACKEND COUNT   (SWITCHYARD_ADMIN_TOKEN set)
//     the running config plus COUNT models on BACKEND: checked (?dryRun=1), then applied,
//     then the original put back.
import http from 'node:http';

const [port, mode, target, count] = [Number(process.argv[2]), process.argv[3], process.argv[4], Number(process.argv[5])];
const agent = new http.Agent({ keepAlive: false });
const admin = { authorization: `Bearer ${process.env.SWITCHYARD_ADMIN_TOKEN ?? ''}` };

function get(path, headers = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.get({ port, path, agent, headers, timeout: 10000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6,
                                    body: Buffer.concat(chunks).toString() }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  });
}

// Sends one request and polls /health until its response head arrives.
async function measure(label, method, path, headers, body) {
  const healthMs = [];
  let bigDone = false;
  const started = process.hrtime.bigint();
  const big = new Promise((resolve) => {
    const req = http.request({ port, path, method, agent, timeout: 120000,
                               headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers } }, (res) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      bigDone = true;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => { bigDone = true; resolve({ status: 0, ms: 0, error: String(e) }); });
    req.end(body);
  });
  const poller = (async () => {
    while (!bigDone) {
      const r = await get('/health');
      if (!bigDone) healthMs.push(r.status === 200 ? r.ms : Infinity);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const result = await big;
  await poller;
  healthMs.sort((a, b) => a - b);
  const pick = (p) => healthMs[Math.min(healthMs.length - 1, Math.floor(p * healthMs.length))];
  console.log(JSON.stringify({ work: label, bodyBytes: body.length, bigStatus: result.status, bigMs: result.ms, healthChecks: healthMs.length,
                               healthFailed: healthMs.filter((v) => v === Infinity).length,
                               healthP50Ms: pick(0.5), healthP99Ms: pick(0.99), healthMaxMs: healthMs[healthMs.length - 1] }));
}

if (mode === 'convert') {
  const message = '{"role":"user","content":"a line of an agent\'s long session, repeated to make a large request body"}';
  const body = Buffer.from(`{"model":"${target}","max_tokens":8,"messages":[${Array(count).fill(message).join(',')}]}`);
  await measure(`convert ${count} messages`, 'POST', '/v1/chat/completions', {}, body);
} else if (mode === 'config') {
  const current = await get('/api/v1/config', admin);
  if (current.status !== 200) throw new Error(`GET /api/v1/config: ${current.status}`);
  const original = JSON.parse(current.body);
  const bigger = { ...original, models: [...original.models, ...Array.from({ length: count }, (_, i) => ({ id: `m${i}`, backend: target }))] };
  const body = Buffer.from(JSON.stringify(bigger));
  await measure(`check ${count} more models`, 'PUT', '/api/v1/config?dryRun=1', admin, body);
  await measure(`apply ${count} more models`, 'PUT', '/api/v1/config', admin, body);
  await measure(`apply the original (${count} fewer)`, 'PUT', '/api/v1/config', admin, Buffer.from(JSON.stringify(original)));
} else {
  throw new Error(`unknown mode ${mode}`);
}
