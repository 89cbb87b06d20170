// The official openai SDK's Responses API (responses.create, responses.stream, follow-ups by
// previous_response_id, retrieve and delete) against a headless switchyard whose backends
// speak OpenAI chat, Anthropic and the Responses API itself (all switchyard-sim).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startSim, startSwitchyard } from './harness.mjs';

let sim;
let router;
let client;

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

before(async () => {
  sim = await startSim(['--model-name', 'sim', '--tokens-per-s', '400']);
  const origin = `http://127.0.0.1:${sim.port}`;
  router = await startSwitchyard({
    backends: [
      { id: 'chat', protocol: 'openai', baseUrl: sim.baseUrl },
      { id: 'claude', protocol: 'anthropic', baseUrl: origin },
      { id: 'resp', protocol: 'openai-responses', baseUrl: sim.baseUrl },
    ],
    models: [
      { id: 'via-chat', backend: 'chat', upstreamModel: 'chat-sim' },
      { id: 'via-anthropic', backend: 'claude', upstreamModel: 'claude-sim' },
      { id: 'via-responses', backend: 'resp', upstreamModel: 'resp-sim' },
    ],
  });
  client = new OpenAI({ baseURL: `${router.baseURL}/v1`, apiKey: 'sk-local-unused', maxRetries: 0 });
});

after(async () => {
  await router?.stop();
  await sim?.stop();
});

for (const model of ['via-chat', 'via-anthropic', 'via-responses']) {
  test(`responses.create and responses.stream agree (${model})`, async () => {
    const input = 'Tell me about switchyards.';
    const whole = await client.responses.create({ model, input, instructions: 'Be brief.' });
    assert.equal(whole.object, 'response');
    assert.equal(whole.instructions, 'Be brief.');
    assert.equal(whole.status, 'completed');
    assert.match(whole.id, /^resp_/);
    assert.ok(whole.output_text.length > 0);
    assert.ok(whole.usage.input_tokens > 0 && whole.usage.output_tokens > 0);

    const stream = client.responses.stream({ model, input, instructions: 'Be brief.' });
    const types = [];
    let deltas = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') deltas += event.delta;
    }
    const final = await stream.finalResponse();
    assert.equal(types[0], 'response.created');
    assert.equal(types.at(-1), 'response.completed');
    assert.ok(types.includes('response.output_item.done'));
    assert.equal(deltas, whole.output_text);
    // (the SDK adds output_text only to created responses, not to a stream's final one)
    const finalText = final.output.filter((item) => item.type === 'message')
      .flatMap((item) => item.content).map((part) => part.text).join('');
    assert.equal(finalText, whole.output_text);
    assert.equal(final.status, 'completed');
  });

  test(`instructions are echoed as given, without the input's developer messages (${model})`, async () => {
    const input = [
      { role: 'developer', content: 'Answer in English.' },
      { role: 'user', content: 'Tell me about switchyards.' },
    ];
    const withThem = await client.responses.create({ model, input, instructions: 'Be brief.' });
    assert.equal(withThem.instructions, 'Be brief.');
    const without = await client.responses.create({ model, input });
    assert.equal(without.instructions, null);
  });

  test(`function tool round trip through ${model}`, async () => {
    const first = await client.responses.create({ model, input: 'Weather in Oslo?', tools: [weatherTool] });
    const call = first.output.find((item) => item.type === 'function_call');
    assert.ok(call, JSON.stringify(first.output));
    assert.equal(call.name, 'get_weather');
    assert.equal(typeof JSON.parse(call.arguments).city, 'string');

    // The whole conversation sent back, as Codex does (store: false).
    const second = await client.responses.create({
      model, store: false, tools: [weatherTool],
      input: [{ role: 'user', content: 'Weather in Oslo?' }, call,
        { type: 'function_call_output', call_id: call.call_id, output: 'snow, -3 C' }],
    });
    assert.match(second.output_text, /^\[after tool\]/);
  });
}

test('streamed function call arguments arrive in pieces and add up', async () => {
  const stream = client.responses.stream({ model: 'via-anthropic', input: 'Weather in Lima?', tools: [weatherTool] });
  let pieces = '';
  let done;
  for await (const event of stream) {
    if (event.type === 'response.function_call_arguments.delta') pieces += event.delta;
    if (event.type === 'response.function_call_arguments.done') done = event.arguments;
  }
  const final = await stream.finalResponse();
  const call = final.output.find((item) => item.type === 'function_call');
  assert.equal(pieces, done);
  assert.equal(call.arguments, done);
});

test('a follow-up names the previous response instead of resending it', async () => {
  const first = await client.responses.create({ model: 'via-anthropic', input: 'Weather in Oslo?', tools: [weatherTool] });
  const call = first.output.find((item) => item.type === 'function_call');
  const second = await client.responses.create({
    model: 'via-anthropic', previous_response_id: first.id, tools: [weatherTool],
    input: [{ type: 'function_call_output', call_id: call.call_id, output: 'snow, -3 C' }],
  });
  assert.match(second.output_text, /^\[after tool\]/);

  const kept = await client.responses.retrieve(first.id);
  assert.equal(kept.id, first.id);
  assert.equal(kept.output[0].type, 'function_call');
  const items = await client.responses.inputItems.list(first.id);
  assert.equal(items.data[0].role, 'user');
  await client.responses.delete(first.id);
  await assert.rejects(client.responses.retrieve(first.id), (error) => error.status === 404);
});

test('hosted tools are refused with a clear 400', async () => {
  await assert.rejects(
    client.responses.create({ model: 'via-chat', input: 'news?', tools: [{ type: 'web_search' }] }),
    (error) => error.status === 400 && /web_search/.test(error.message),
  );
});
