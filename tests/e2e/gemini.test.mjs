// The official Google Gen AI SDK against a running switchyard: generateContent,
// generateContentStream, function calling (with the function's response sent back),
// countTokens and models.list, with a switchyard-sim behind it speaking OpenAI and one
// speaking Gemini.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GoogleGenAI, Type } from '@google/genai';
import { startSim, startSwitchyard } from './harness.mjs';

let sim;
let router;
let ai;

const weather = {
  functionDeclarations: [{
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] },
  }],
};

before(async () => {
  sim = await startSim(['--model-name', 'qwen2.5-coder-7b', '--tokens-per-s', '400']);
  router = await startSwitchyard({
    backends: [
      { id: 'oa', protocol: 'openai', baseUrl: sim.baseUrl },
      { id: 'ge', protocol: 'gemini', baseUrl: `http://127.0.0.1:${sim.port}` },
    ],
    models: [
      { id: 'coder', backend: 'oa', upstreamModel: 'qwen2.5-coder-7b' },
      { id: 'gemini-local', backend: 'ge', upstreamModel: 'gemini-sim' },
    ],
  });
  ai = new GoogleGenAI({ apiKey: 'local-unused', httpOptions: { baseUrl: router.baseURL } });
});

after(async () => {
  await router?.stop();
  await sim?.stop();
});

for (const model of ['coder', 'gemini-local']) {
  test(`generateContent (${model})`, async () => {
    const response = await ai.models.generateContent({
      model, contents: 'Hello there', config: { systemInstruction: 'Be brief.', maxOutputTokens: 200 },
    });
    assert.ok(response.text.length > 0);
    assert.equal(response.candidates[0].finishReason, 'STOP');
    assert.ok(response.usageMetadata.candidatesTokenCount > 0);
  });

  test(`generateContentStream (${model})`, async () => {
    let text = '';
    let last;
    for await (const chunk of await ai.models.generateContentStream({ model, contents: 'Hello there' })) {
      text += chunk.text ?? '';
      last = chunk;
    }
    assert.ok(text.length > 0);
    assert.equal(last.candidates[0].finishReason, 'STOP');
    const whole = await ai.models.generateContent({ model, contents: 'Hello there' });
    assert.equal(whole.text, text);
  });

  test(`function calling, then the function's response (${model})`, async () => {
    const contents = [{ role: 'user', parts: [{ text: 'What is the weather in Paris?' }] }];
    const first = await ai.models.generateContent({ model, contents, config: { tools: [weather] } });
    const call = first.functionCalls?.[0];
    assert.ok(call, JSON.stringify(first.candidates));
    assert.equal(call.name, 'get_weather');
    assert.equal(typeof call.args.city, 'string');
    const second = await ai.models.generateContent({
      model, config: { tools: [weather] },
      contents: [...contents, { role: 'model', parts: [{ functionCall: call }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', id: call.id, response: { result: 'sunny, 21 C' } } }] }],
    });
    assert.match(second.text, /^\[after tool\]/);
  });

  test(`streamed function call (${model})`, async () => {
    const calls = [];
    for await (const chunk of await ai.models.generateContentStream({
      model, contents: 'Weather in Oslo?', config: { tools: [weather] },
    })) calls.push(...(chunk.functionCalls ?? []));
    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, 'get_weather');
    assert.equal(typeof calls[0].args.city, 'string');
  });
}

test('countTokens', async () => {
  const count = await ai.models.countTokens({ model: 'coder', contents: 'a fairly short question' });
  assert.ok(count.totalTokens > 0);
});

test('models.list', async () => {
  const names = [];
  for await (const model of await ai.models.list()) names.push(model.name);
  assert.ok(names.includes('models/coder') && names.includes('models/gemini-local'), names.join(','));
});

test('an unknown model is an error with status 404', async () => {
  const error = await ai.models.generateContent({ model: 'nope', contents: 'x' }).catch((e) => e);
  assert.ok(error instanceof Error);
  assert.equal(error.status, 404);
});
