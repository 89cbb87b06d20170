// Cohere's official SDK (v1 and v2 rerank) against a headless switchyard in front of
// switchyard-sim, which answers /v1/rerank as llama-server does (Jina's and Cohere's shape).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import cohere from 'cohere-ai';
import { startSim, startSwitchyard } from './harness.mjs';

const { CohereClient, CohereClientV2, CohereError } = cohere;

let sim;
let router;

const documents = [
  'Berlin is the capital and largest city of Germany.',
  'Paris is the capital of France and its largest city.',
  'The Seine flows through Paris.',
];

before(async () => {
  sim = await startSim(['--model-name', 'bge-reranker-v2-m3']);
  router = await startSwitchyard({
    backends: [{ id: 'sim', protocol: 'openai', baseUrl: sim.baseUrl }],
    models: [
      { id: 'chat', backend: 'sim', capabilities: ['tools'] },
      { id: 'ranker', backend: 'sim', upstreamModel: 'bge-reranker-v2-m3', capabilities: ['rerank'] },
    ],
  });
});

after(async () => {
  await router?.stop();
  await sim?.stop();
});

test('v1 rerank: best document first, cut to topN, with the texts', async () => {
  const client = new CohereClient({ token: 'unused', environment: router.baseURL });
  const { data, rawResponse } = await client
    .rerank({ model: 'ranker', query: 'What is the capital of France?', documents, topN: 2, returnDocuments: true })
    .withRawResponse();
  assert.equal(data.results.length, 2);
  assert.equal(data.results[0].index, 1);
  assert.equal(data.results[0].document.text, documents[1]);
  assert.ok(data.results[0].relevanceScore > data.results[1].relevanceScore);
  assert.equal(rawResponse.headers.get('x-switchyard-model'), 'ranker');
});

test('v2 rerank through "auto" reaches the model that reranks', async () => {
  const client = new CohereClientV2({ token: 'unused', environment: router.baseURL });
  const { data, rawResponse } = await client
    .rerank({ model: 'auto', query: 'Which river flows through Paris?', documents })
    .withRawResponse();
  assert.equal(data.results.length, 3);
  assert.equal(data.results[0].index, 2);
  assert.equal(rawResponse.headers.get('x-switchyard-model'), 'ranker');
});

test('a chat model cannot rerank: a 422 the SDK reports as such', async () => {
  const client = new CohereClient({ token: 'unused', environment: router.baseURL, maxRetries: 0 });
  const error = await client.rerank({ model: 'chat', query: 'capital', documents }).catch((e) => e);
  assert.ok(error instanceof CohereError, String(error));
  assert.equal(error.statusCode, 422);
  assert.match(JSON.stringify(error.body), /lacks rerank/);
});
