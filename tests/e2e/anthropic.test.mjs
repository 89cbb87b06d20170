// The official Anthropic SDK against a running switchyard: messages (whole and streamed),
// tool use and tool results, count_tokens, models, errors. The models behind it are a
// switchyard-sim speaking OpenAI (so every call crosses protocols) and one speaking
// Anthropic.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startSim, startSwitchyard } from './harness.mjs';

let sim;
let router;
let client;

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

before(async () => {
  sim = await startSim(['--model-name', 'qwen2.5-coder-7b', '--tokens-per-s', '400']);
  router = await startSwitchyard({
    backends: [
      { id: 'oa', protocol: 'openai', baseUrl: sim.baseUrl },
      { id: 'an', protocol: 'anthropic', baseUrl: `http://127.0.0.1:${sim.port}` },
    ],
    models: [
      { id: 'coder', backend: 'oa', upstreamModel: 'qwen2.5-coder-7b' },
      { id: 'claude-local', backend: 'an', upstreamModel: 'claude-sim' },
    ],
  });
  client = new Anthropic({ baseURL: router.baseURL, apiKey: 'sk-ant-local-unused', maxRetries: 0 });
});

after(async () => {
  await router?.stop();
  await sim?.stop();
});

for (const model of ['coder', 'claude-local']) {
  test(`messages.create (${model})`, async () => {
    const message = await client.messages.create({
      model, max_tokens: 200, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello there' }],
    });
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.equal(message.content[0].type, 'text');
    assert.ok(message.content[0].text.length > 0);
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.output_tokens > 0);
  });

  test(`messages.stream, text (${model})`, async () => {
    const stream = client.messages.stream({ model, max_tokens: 200, messages: [{ role: 'user', content: 'Hello there' }] });
    let text = '';
    stream.on('text', (piece) => { text += piece; });
    const final = await stream.finalMessage();
    assert.ok(text.length > 0);
    assert.equal(final.content[0].text, text);
    assert.equal(final.stop_reason, 'end_turn');
    // The same answer as the whole message (the sim is deterministic).
    const whole = await client.messages.create({ model, max_tokens: 200, messages: [{ role: 'user', content: 'Hello there' }] });
    assert.equal(whole.content[0].text, text);
  });

  test(`tool use, then the tool's result (${model})`, async () => {
    const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await client.messages.create({ model, max_tokens: 200, tools: [weatherTool], messages });
    assert.equal(first.stop_reason, 'tool_use');
    const call = first.content.find((b) => b.type === 'tool_use');
    assert.equal(call.name, 'get_weather');
    assert.equal(typeof call.input.city, 'string');
    assert.match(call.id, /^[A-Za-z0-9_-]+$/);
    const second = await client.messages.create({
      model, max_tokens: 200, tools: [weatherTool],
      messages: [...messages, { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny, 21 C' }] }],
    });
    assert.equal(second.stop_reason, 'end_turn');
    assert.match(second.content[0].text, /^\[after tool\]/);
  });

  test(`streamed tool use (${model})`, async () => {
    const stream = client.messages.stream({
      model, max_tokens: 200, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    });
    const final = await stream.finalMessage();
    const call = final.content.find((b) => b.type === 'tool_use');
    assert.equal(call.name, 'get_weather');
    assert.equal(typeof call.input.city, 'string');
    assert.equal(final.stop_reason, 'tool_use');
  });
}

test('an image block reaches the model', async () => {
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  const message = await client.messages.create({
    model: 'coder', max_tokens: 100,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }] }],
  });
  assert.match(message.content[0].text, /^\[image seen\]/);
});

test('countTokens estimates', async () => {
  const count = await client.messages.countTokens({ model: 'coder', messages: [{ role: 'user', content: 'a fairly short question' }] });
  assert.ok(count.input_tokens > 0);
});

test('models.list', async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.ok(ids.includes('coder') && ids.includes('claude-local'), ids.join(','));
});

test('an unknown model is a NotFoundError', async () => {
  const error = await client.messages.create({ model: 'nope', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
  assert.ok(error instanceof Anthropic.NotFoundError, String(error));
  assert.equal(error.status, 404);
});

test('a bad request is a BadRequestError', async () => {
  const error = await client.messages.create({ model: 'coder', max_tokens: 10, messages: [{ role: 'tool', content: 'x' }] }).catch((e) => e);
  assert.ok(error instanceof Anthropic.BadRequestError, String(error));
});
