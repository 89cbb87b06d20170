// Client keys (server.clientKeys) as the official SDKs present them: each SDK's own key
// option reaches Switchyard in its protocol's header and is accepted; a wrong key, a model
// the key may not use and a key over its rate limit fail with the SDK's own error types.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { Ollama } from 'ollama';
import { readFileSync } from 'node:fs';
import { startSim, startSwitchyard } from './harness.mjs';

const teamKey = 'sy-e2e-team-key-4f1c9a';
const limitedKey = 'sy-e2e-limited-key-77d2';

let sim;
let router;

before(async () => {
  sim = await startSim(['--model-name', 'qwen2.5-coder-7b', '--tokens-per-s', '400']);
  router = await startSwitchyard({
    server: {
      clientKeys: [
        { name: 'team', keyEnv: 'E2E_TEAM_KEY' },
        { name: 'limited', keyEnv: 'E2E_LIMITED_KEY', models: ['coder'], rpm: 3 },
      ],
    },
    backends: [
      { id: 'oa', protocol: 'openai', baseUrl: sim.baseUrl },
      { id: 'an', protocol: 'anthropic', baseUrl: `http://127.0.0.1:${sim.port}` },
    ],
    models: [
      { id: 'coder', backend: 'oa', upstreamModel: 'qwen2.5-coder-7b' },
      { id: 'claude-local', backend: 'an', upstreamModel: 'claude-sim' },
    ],
  }, [], { E2E_TEAM_KEY: teamKey, E2E_LIMITED_KEY: limitedKey });
});

after(async () => {
  await router?.stop();
  await sim?.stop();
});

const ask = [{ role: 'user', content: 'Hello there' }];

test('openai SDK: its apiKey is the client key', async () => {
  const good = new OpenAI({ baseURL: `${router.baseURL}/v1`, apiKey: teamKey, maxRetries: 0 });
  const answer = await good.chat.completions.create({ model: 'coder', messages: ask });
  assert.ok(answer.choices[0].message.content.length > 0);
  const wrong = new OpenAI({ baseURL: `${router.baseURL}/v1`, apiKey: 'sy-wrong', maxRetries: 0 });
  await assert.rejects(wrong.chat.completions.create({ model: 'coder', messages: ask }), OpenAI.AuthenticationError);
  await assert.rejects(wrong.models.list(), OpenAI.AuthenticationError);
});

test('anthropic SDK: x-api-key', async () => {
  const good = new Anthropic({ baseURL: router.baseURL, apiKey: teamKey, maxRetries: 0 });
  const message = await good.messages.create({ model: 'claude-local', max_tokens: 64, messages: ask });
  assert.ok(message.content[0].text.length > 0);
  const wrong = new Anthropic({ baseURL: router.baseURL, apiKey: 'sy-wrong', maxRetries: 0 });
  await assert.rejects(wrong.messages.create({ model: 'claude-local', max_tokens: 64, messages: ask }), Anthropic.AuthenticationError);
  // "limited" may use only "coder".
  const limited = new Anthropic({ baseURL: router.baseURL, apiKey: limitedKey, maxRetries: 0 });
  await assert.rejects(limited.messages.create({ model: 'claude-local', max_tokens: 64, messages: ask }), Anthropic.PermissionDeniedError);
});

test('google genai SDK: x-goog-api-key', async () => {
  const good = new GoogleGenAI({ apiKey: teamKey, httpOptions: { baseUrl: router.baseURL } });
  const response = await good.models.generateContent({ model: 'coder', contents: 'Hello there' });
  assert.ok(response.text.length > 0);
  const wrong = new GoogleGenAI({ apiKey: 'sy-wrong', httpOptions: { baseUrl: router.baseURL } });
  await assert.rejects(wrong.models.generateContent({ model: 'coder', contents: 'Hello there' }), (error) => error.status === 401);
});

test('ollama SDK: Authorization header', async () => {
  const good = new Ollama({ host: router.baseURL, headers: { Authorization: `Bearer ${teamKey}` } });
  const response = await good.chat({ model: 'coder', messages: ask });
  assert.ok(response.message.content.length > 0);
  const none = new Ollama({ host: router.baseURL });
  await assert.rejects(none.chat({ model: 'coder', messages: ask }), (error) => error.status_code === 401);
});

test('rate limit: 429 with Retry-After, in the SDK\'s error type', async () => {
  // "limited" has rpm 3; the anthropic test above was refused (403) and does not count.
  const client = new OpenAI({ baseURL: `${router.baseURL}/v1`, apiKey: limitedKey, maxRetries: 0 });
  for (let i = 0; i < 3; ++i)
    await client.chat.completions.create({ model: 'coder', messages: ask });
  const refused = await client.chat.completions.create({ model: 'coder', messages: ask }).catch((e) => e);
  assert.ok(refused instanceof OpenAI.RateLimitError, String(refused));
  const retryAfter = Number(refused.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
});

test('history and metrics name the client, never its key', async () => {
  const token = readFileSync(`${router.home}/admin-token`, 'utf8').trim(); // beside the config
  const headers = { Authorization: `Bearer ${token}` };
  let requests;
  for (let i = 0; i < 50; ++i) { // the history writes in batches
    requests = await (await fetch(`${router.baseURL}/api/v1/requests?limit=100`, { headers })).json();
    if (requests.requests.some((r) => r.clientName === 'limited' && r.status === 429)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const names = new Set(requests.requests.map((r) => r.clientName));
  assert.ok(names.has('team') && names.has('limited'), JSON.stringify([...names]));
  const text = JSON.stringify(requests) + (await (await fetch(`${router.baseURL}/metrics`, { headers })).text());
  assert.match(text, /switchyard_client_requests_total\{client="team",status="200"\}/);
  assert.ok(!text.includes(teamKey) && !text.includes(limitedKey));
  assert.ok(!router.output().includes(teamKey) && !router.output().includes(limitedKey));
});
