// The official ollama library against a running switchyard: chat and generate, whole and
// streamed, tools, embeddings, list, ps and show. The models are switchyard-sims that
// switchyard starts itself (managed models), so ps has something loaded to show.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Ollama } from 'ollama';
import { simBinary, startSwitchyard } from './harness.mjs';

let router;
let ollama;

before(async () => {
  router = await startSwitchyard({
    backends: [{ id: 'local', managed: true }],
    models: [{
      id: 'tiny', backend: 'local', upstreamModel: 'tiny-1b', capabilities: ['tools'],
      launch: { command: [simBinary, '--port', '${PORT}', '--model-name', '${MODEL}', '--tokens-per-s', '400'] },
    }, {
      id: 'embedder', backend: 'local', upstreamModel: 'nomic-embed', capabilities: ['embeddings'],
      launch: { command: [simBinary, '--port', '${PORT}', '--model-name', '${MODEL}', '--embedding-dims', '6'] },
    }],
  });
  ollama = new Ollama({ host: router.baseURL });
});

after(async () => {
  await router?.stop();
});

test('chat', async () => {
  const response = await ollama.chat({ model: 'tiny', messages: [{ role: 'user', content: 'Hello there' }] });
  assert.equal(response.message.role, 'assistant');
  assert.ok(response.message.content.length > 0);
  assert.equal(response.done, true);
  assert.ok(response.eval_count > 0);
});

test('chat, streamed', async () => {
  let text = '';
  let last;
  for await (const part of await ollama.chat({ model: 'tiny', messages: [{ role: 'user', content: 'Hello there' }], stream: true })) {
    text += part.message.content;
    last = part;
  }
  assert.equal(last.done, true);
  const whole = await ollama.chat({ model: 'tiny', messages: [{ role: 'user', content: 'Hello there' }] });
  assert.equal(text, whole.message.content);
});

test('generate, whole and streamed', async () => {
  const whole = await ollama.generate({ model: 'tiny', prompt: 'Once upon a time', options: { num_predict: 8 } });
  assert.ok(whole.response.length > 0);
  assert.equal(whole.done_reason, 'length');
  let text = '';
  for await (const part of await ollama.generate({ model: 'tiny', prompt: 'Once upon a time', options: { num_predict: 8 }, stream: true }))
    text += part.response;
  assert.equal(text, whole.response);
});

test('tools', async () => {
  const response = await ollama.chat({
    model: 'tiny',
    messages: [{ role: 'user', content: 'Weather in Paris?' }],
    tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
  });
  const call = response.message.tool_calls?.[0];
  assert.ok(call, JSON.stringify(response.message));
  assert.equal(call.function.name, 'get_weather');
  assert.equal(typeof call.function.arguments.city, 'string');
});

test('embed and the older embeddings', async () => {
  const batch = await ollama.embed({ model: 'embedder', input: ['alpha', 'beta'], truncate: true });
  assert.equal(batch.model, 'embedder');
  assert.equal(batch.embeddings.length, 2);
  assert.equal(batch.embeddings[0].length, 6);
  assert.notDeepEqual(batch.embeddings[0], batch.embeddings[1]);
  assert.ok(batch.prompt_eval_count > 0);
  const one = await ollama.embed({ model: 'embedder', input: 'beta' });
  assert.deepEqual(one.embeddings, [batch.embeddings[1]]);
  const older = await ollama.embeddings({ model: 'embedder', prompt: 'alpha' });
  assert.deepEqual(older.embedding, batch.embeddings[0]);
  // A chat model has no embeddings: refused as Ollama refuses, which the library raises.
  const error = await ollama.embed({ model: 'tiny', input: 'alpha' }).catch((e) => e);
  assert.equal(error.name, 'ResponseError');
  assert.equal(error.status_code, 422);
  assert.match(error.message, /embedding/);
});

test('embed: keep_alive, and nothing to embed loads or unloads', async () => {
  const loaded = async () => (await ollama.ps()).models.find((m) => m.name === 'embedder');
  await ollama.embed({ model: 'embedder', input: [], keep_alive: 0 });
  assert.equal(await loaded(), undefined);
  const empty = await ollama.embed({ model: 'embedder', input: [] });
  assert.deepEqual(empty.embeddings, []);
  for (let i = 0; i < 100 && !(await loaded()); ++i) // the load was started; ps lists it once it is up
    await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(await loaded(), 'an empty embed loads the model');
  await ollama.embed({ model: 'embedder', input: 'alpha', keep_alive: '2h' });
  const expires = new Date((await loaded()).expires_at).getTime();
  assert.ok(expires > Date.now() + 90 * 60 * 1000, `expires_at ${(await loaded()).expires_at}: keep_alive applies`);
});

test('list, ps and show', async () => {
  const list = await ollama.list();
  assert.ok(list.models.some((m) => m.name === 'tiny'));
  const ps = await ollama.ps(); // loaded by the tests above
  assert.ok(ps.models.some((m) => m.name === 'tiny'), JSON.stringify(ps));
  const show = await ollama.show({ model: 'tiny' });
  assert.ok(show.capabilities.includes('tools'));
});

test('an unknown model is a ResponseError', async () => {
  const error = await ollama.chat({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
  assert.equal(error.name, 'ResponseError');
  assert.equal(error.status_code, 404);
});
