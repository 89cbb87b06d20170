// The official openai SDK against a headless switchyard in front of switchyard-sim.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startSim, startSwitchyard } from './harness.mjs';

let sim;
let router;
let client;

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] },
  },
};

before(async () => {
  sim = await startSim(['--model-name', 'qwen2.5-coder-7b', '--tokens-per-s', '200', '--embedding-dims', '12']);
  router = await startSwitchyard({
    backends: [{ id: 'sim', protocol: 'openai', baseUrl: sim.baseUrl }],
    models: [
      { id: 'qwen-coder', backend: 'sim', upstreamModel: 'qwen2.5-coder-7b', aliases: ['coder'], capabilities: ['tools'] },
      { id: 'embedder', backend: 'sim', upstreamModel: 'qwen2.5-coder-7b', capabilities: ['embeddings'] },
    ],
    agents: { Coder: { models: ['qwen-coder'], params: { temperature: 0.3 } } },
  });
  client = new OpenAI({ baseURL: `${router.baseURL}/v1`, apiKey: 'sk-local-unused', maxRetries: 0 });
});

after(async () => {
  await router?.stop();
  await sim?.stop();
});

test('chat completion', async () => {
  const { data, response } = await client.chat.completions
    .create({ model: 'coder', messages: [{ role: 'user', content: 'Write a haiku about routers.' }] })
    .withResponse();
  assert.equal(data.object, 'chat.completion');
  assert.equal(data.model, 'qwen2.5-coder-7b');
  assert.ok(data.choices[0].message.content.length > 0);
  assert.equal(data.choices[0].finish_reason, 'stop');
  assert.ok(data.usage.total_tokens > 0);
  assert.equal(response.headers.get('x-switchyard-model'), 'qwen-coder');
  assert.equal(response.headers.get('x-switchyard-route'), 'model');
  assert.match(response.headers.get('x-request-id'), /^req_/);
});

test('streamed chat carries the same text, chunk by chunk', async () => {
  const messages = [{ role: 'user', content: 'Stream me something.' }];
  const whole = await client.chat.completions.create({ model: 'qwen-coder', messages });
  const stream = await client.chat.completions.create({
    model: 'qwen-coder', messages, stream: true, stream_options: { include_usage: true },
  });
  let text = '';
  let chunks = 0;
  let usage;
  let finish;
  for await (const chunk of stream) {
    chunks += 1;
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (choice?.delta?.content) text += choice.delta.content;
    if (choice?.finish_reason) finish = choice.finish_reason;
  }
  assert.ok(chunks > 5, `only ${chunks} chunks`);
  assert.equal(text, whole.choices[0].message.content);
  assert.equal(finish, 'stop');
  assert.ok(usage.completion_tokens > 0);
});

test('tool call, plain and streamed', async () => {
  const messages = [{ role: 'user', content: 'What is the weather in Oslo?' }];
  const res = await client.chat.completions.create({ model: 'coder', messages, tools: [weatherTool] });
  const call = res.choices[0].message.tool_calls[0];
  assert.equal(res.choices[0].finish_reason, 'tool_calls');
  assert.equal(call.function.name, 'get_weather');
  assert.equal(typeof JSON.parse(call.function.arguments).city, 'string');

  const stream = await client.chat.completions.create({ model: 'coder', messages, tools: [weatherTool], stream: true });
  let args = '';
  let name;
  for await (const chunk of stream) {
    for (const delta of chunk.choices[0]?.delta?.tool_calls ?? []) {
      name ??= delta.function?.name;
      args += delta.function?.arguments ?? '';
    }
  }
  assert.equal(name, 'get_weather');
  assert.deepEqual(JSON.parse(args), JSON.parse(call.function.arguments));
});

test('completions', async () => {
  const res = await client.completions.create({ model: 'coder', prompt: 'Once upon a time', max_tokens: 5 });
  assert.equal(res.object, 'text_completion');
  assert.equal(res.choices[0].finish_reason, 'length');
  assert.ok(res.choices[0].text.length > 0);
  const stream = await client.completions.create({ model: 'coder', prompt: 'Once upon a time', stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
  assert.ok(text.length > 0);
});

test('embeddings, as base64 (the SDK default) and as floats', async () => {
  const encoded = await client.embeddings.create({ model: 'embedder', input: ['alpha', 'beta'] });
  assert.equal(encoded.data.length, 2);
  assert.equal(encoded.data[0].embedding.length, 12);
  const floats = await client.embeddings.create({ model: 'embedder', input: 'alpha', encoding_format: 'float' });
  encoded.data[0].embedding.forEach((x, i) => assert.ok(Math.abs(x - floats.data[0].embedding[i]) < 1e-6));
});

test('models.list', async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.deepEqual(ids.sort(), ['agent:Coder', 'auto', 'coder', 'embedder', 'qwen-coder']);
});

test('an agent pseudo-model routes through the agent, with the trace on request', async () => {
  const { data, response } = await client.chat.completions
    .create({ model: 'agent:Coder', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'X-Switchyard-Trace': '1' } })
    .withResponse();
  assert.equal(data.object, 'chat.completion');
  assert.equal(response.headers.get('x-switchyard-route'), 'agent');
  assert.equal(response.headers.get('x-switchyard-model'), 'qwen-coder');
  const trace = JSON.parse(response.headers.get('x-switchyard-trace'));
  assert.deepEqual(trace.chain, ['qwen-coder']);
});

test('a request no model can serve is a 422 UnprocessableEntityError naming the capability', async () => {
  const error = await client.embeddings.create({ model: 'coder', input: 'alpha' }).catch((e) => e);
  assert.ok(error instanceof OpenAI.UnprocessableEntityError, String(error));
  assert.equal(error.status, 422);
  assert.equal(error.code, 'capability_unavailable');
  assert.match(error.message, /embeddings/);
});

test('an unknown model is an APIError with status 404', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'gpt-nonexistent', messages: [{ role: 'user', content: 'hi' }] }),
    (err) => {
      assert.ok(err instanceof OpenAI.APIError);
      assert.ok(err instanceof OpenAI.NotFoundError);
      assert.equal(err.status, 404);
      assert.equal(err.code, 'model_not_found');
      assert.match(err.message, /gpt-nonexistent/);
      return true;
    });
});

test('a bad request is a 400 BadRequestError', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'coder', messages: [] }),
    (err) => err instanceof OpenAI.BadRequestError && err.param === 'messages');
});
