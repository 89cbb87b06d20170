// The seed's four cross-protocol scenarios with the official SDKs: the Gemini API in front
// of an OpenAI backend, and the OpenAI API in front of a Gemini backend, each for text and
// for a function call.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { GoogleGenAI, Type } from '@google/genai';
import { startSim, startSwitchyard } from './harness.mjs';

let sim;
let router;

before(async () => {
  sim = await startSim(['--model-name', 'sim', '--require-key', 'backend-secret']);
  router = await startSwitchyard({
    backends: [
      { id: 'oa', protocol: 'openai', baseUrl: sim.baseUrl, apiKeyEnv: 'E2E_BACKEND_KEY' },
      { id: 'ge', protocol: 'gemini', baseUrl: `http://127.0.0.1:${sim.port}`, apiKeyEnv: 'E2E_BACKEND_KEY' },
    ],
    models: [
      { id: 'gpt-backend', backend: 'oa', upstreamModel: 'gpt-4o-sim' },
      { id: 'gemini-backend', backend: 'ge', upstreamModel: 'gemini-2.0-flash' },
    ],
  }, [], { E2E_BACKEND_KEY: 'backend-secret' });
});

after(async () => {
  await router?.stop();
  await sim?.stop();
});

test('Gemini API -> OpenAI backend: text', async () => {
  const ai = new GoogleGenAI({ apiKey: 'client-key', httpOptions: { baseUrl: router.baseURL } });
  const response = await ai.models.generateContent({ model: 'gpt-backend', contents: 'Say hello' });
  assert.ok(response.text.length > 0);
});

test('Gemini API -> OpenAI backend: function call', async () => {
  const ai = new GoogleGenAI({ apiKey: 'client-key', httpOptions: { baseUrl: router.baseURL } });
  const response = await ai.models.generateContent({
    model: 'gpt-backend', contents: 'Weather in Rome?',
    config: { tools: [{ functionDeclarations: [{ name: 'get_weather',
      parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] } }] }] },
  });
  assert.equal(response.functionCalls[0].name, 'get_weather');
  assert.equal(typeof response.functionCalls[0].args.city, 'string');
});

test('OpenAI API -> Gemini backend: text', async () => {
  const client = new OpenAI({ baseURL: `${router.baseURL}/v1`, apiKey: 'client-key', maxRetries: 0 });
  const completion = await client.chat.completions.create({ model: 'gemini-backend', messages: [{ role: 'user', content: 'Say hello' }] });
  assert.ok(completion.choices[0].message.content.length > 0);
  assert.equal(completion.choices[0].finish_reason, 'stop');
  // Streamed as well.
  let text = '';
  for await (const chunk of await client.chat.completions.create({ model: 'gemini-backend', stream: true, messages: [{ role: 'user', content: 'Say hello' }] }))
    text += chunk.choices[0]?.delta?.content ?? '';
  assert.equal(text, completion.choices[0].message.content);
});

test('OpenAI API -> Gemini backend: function call', async () => {
  const client = new OpenAI({ baseURL: `${router.baseURL}/v1`, apiKey: 'client-key', maxRetries: 0 });
  const completion = await client.chat.completions.create({
    model: 'gemini-backend', messages: [{ role: 'user', content: 'Weather in Rome?' }],
    tools: [{ type: 'function', function: { name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
  });
  const call = completion.choices[0].message.tool_calls[0];
  assert.equal(call.function.name, 'get_weather');
  assert.equal(typeof JSON.parse(call.function.arguments).city, 'string');
  assert.equal(completion.choices[0].finish_reason, 'tool_calls');
  assert.ok(call.id.length > 0);
});
