// Real coding-agent CLIs from npm (Codex, Claude Code, Gemini CLI), run headless against a
// headless switchyard whose backends are switchyard-sim in another protocol. The sim is
// scripted (--tool-call) to ask each agent to read note.txt with the agent's own tool; the
// agent runs the tool and sends the result back; the sim answers by quoting it. The secret
// in the file can only reach the final answer through that whole round trip.
//
// Each CLI gets a private HOME, no telemetry, no update checks, fake keys, and a hard
// timeout; nothing here needs the internet.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSim, startSwitchyard } from './harness.mjs';

const modules = path.resolve(import.meta.dirname, 'node_modules');
const codexJs = path.join(modules, '@openai/codex/bin/codex.js');
// The platform binary directly: setup installs with --ignore-scripts, so Claude Code's
// postinstall (which only links this binary) does not run.
const claudeBinary = path.join(modules, '@anthropic-ai/claude-code-linux-x64/claude');
const geminiJs = path.join(modules, '@google/gemini-cli/bundle/gemini.js');
const cliTimeoutMs = 150000;

let sim;
let router;
let work;
let secret;

// Runs a CLI to completion with only the given environment (no inherited keys or HOME).
function runCli(command, args, { env, cwd }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => (stdout += data));
    child.stderr.on('data', (data) => (stderr += data));
    const timer = setTimeout(() => child.kill('SIGKILL'), cliTimeoutMs - 10000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, output: `exit ${code ?? signal}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`.slice(-6000) });
    });
  });
}

function privateHome(name) {
  return mkdtempSync(path.join(tmpdir(), `sy-${name}-`));
}

async function lastBackendRequest() {
  return (await fetch(`http://127.0.0.1:${sim.port}/sim/last-request`)).json();
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'sy-agent-work-'));
  secret = `switchyard-note-${randomBytes(6).toString('hex')}`;
  const note = path.join(work, 'note.txt');
  writeFileSync(note, `${secret}\n`);
  sim = await startSim([
    '--model-name', 'sim',
    '--tool-call', `exec_command=${JSON.stringify({ cmd: 'cat note.txt' })}`,
    '--tool-call', `Read=${JSON.stringify({ file_path: note })}`,
    '--tool-call', `read_file=${JSON.stringify({ file_path: note })}`,
  ]);
  const origin = `http://127.0.0.1:${sim.port}`;
  router = await startSwitchyard({
    backends: [
      { id: 'chat', protocol: 'openai', baseUrl: sim.baseUrl },
      // passThrough: as for api.anthropic.com and Google's API (a local address is converted by default)
      { id: 'claude', protocol: 'anthropic', baseUrl: origin, passThrough: true },
      { id: 'gemini', protocol: 'gemini', baseUrl: `${origin}/v1beta`, passThrough: true },
      { id: 'resp', protocol: 'openai-responses', baseUrl: sim.baseUrl },
    ],
    models: [
      { id: 'sy-chat', backend: 'chat', upstreamModel: 'chat-sim', capabilities: ['tools'] },
      { id: 'sy-anthropic', backend: 'claude', upstreamModel: 'claude-sim', capabilities: ['tools'] },
      { id: 'sy-gemini', backend: 'gemini', upstreamModel: 'gemini-sim', capabilities: ['tools'] },
      { id: 'sy-responses', backend: 'resp', upstreamModel: 'resp-sim', capabilities: ['tools'] },
    ],
  });
});

after(async () => {
  await router?.stop();
  await sim?.stop();
});

async function codex(model) {
  const home = privateHome('codex');
  const provider = `model_providers.switchyard={name="Switchyard",base_url="${router.baseURL}/v1",` +
    'env_key="SWITCHYARD_API_KEY",wire_api="responses",request_max_retries=0,stream_max_retries=0}';
  const lastMessage = path.join(home, 'last-message.txt');
  const run = await runCli(process.execPath, [codexJs, 'exec', '--json', '--ephemeral', '--skip-git-repo-check',
    '--dangerously-bypass-approvals-and-sandbox', '-C', work, '-m', model,
    '-c', 'model_provider=switchyard', '-c', provider,
    '-c', 'analytics.enabled=false', '-c', 'check_for_update_on_startup=false', '-c', 'web_search=disabled',
    '--disable', 'plugins', '--disable', 'multi_agent', '--disable', 'goals',
    '-o', lastMessage, 'Read note.txt and tell me what it says.'],
  { cwd: work, env: { HOME: home, CODEX_HOME: home, SWITCHYARD_API_KEY: 'sk-local-unused' } });
  const events = run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
  return { run, events };
}

for (const [model, backendPath] of [['sy-chat', '/v1/chat/completions'], ['sy-anthropic', '/v1/messages']]) {
  test(`Codex (Responses API) runs a command through ${backendPath}`, { timeout: cliTimeoutMs }, async () => {
    const { run, events } = await codex(model);
    assert.equal(run.code, 0, run.output);
    const commands = events.filter((e) => e.type === 'item.completed' && e.item?.type === 'command_execution');
    assert.ok(commands.some((e) => e.item.command.includes('cat note.txt')), run.output);
    const answers = events.filter((e) => e.type === 'item.completed' && e.item?.type === 'agent_message');
    assert.ok(answers.some((e) => e.item.text.includes(secret)), run.output);
    assert.equal(events.at(-1).type, 'turn.completed', run.output);
    assert.equal((await lastBackendRequest()).path, backendPath);
  });
}

// Claude Code through a backend of each OpenAI flavour and an Anthropic one (which gets
// Claude Code's own request as sent); the full cases also check that the answer is no error
// and took a tool turn.
for (const { label, model, backendPath, full } of [
  { label: 'an OpenAI Responses backend', model: 'sy-responses', backendPath: '/v1/responses', full: true },
  { label: 'an OpenAI chat backend', model: 'sy-chat', backendPath: '/v1/chat/completions', full: false },
  { label: 'an Anthropic backend', model: 'sy-anthropic', backendPath: '/v1/messages', full: true },
]) {
  test(`Claude Code (Anthropic API) reads a file through ${label}`, { timeout: cliTimeoutMs }, async () => {
    const home = privateHome('claude');
    const run = await runCli(claudeBinary, ['-p', 'Read note.txt and tell me what it says.', '--output-format', 'json',
      '--model', model, '--allowedTools', 'Read', '--no-session-persistence'], {
      cwd: work,
      env: {
        HOME: home, ANTHROPIC_BASE_URL: router.baseURL, ANTHROPIC_API_KEY: 'sk-ant-local-unused',
        ANTHROPIC_SMALL_FAST_MODEL: model, ANTHROPIC_DEFAULT_HAIKU_MODEL: model,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_TELEMETRY: '1', DISABLE_AUTOUPDATER: '1',
        DISABLE_ERROR_REPORTING: '1',
      },
    });
    assert.equal(run.code, 0, run.output);
    const result = JSON.parse(run.stdout);
    if (full)
      assert.equal(result.is_error, false, run.output);
    assert.ok(result.result.includes(secret), run.output);
    if (full)
      assert.ok(result.num_turns >= 2, run.output);
    const sent = await lastBackendRequest();
    assert.equal(sent.path, backendPath);
    // Claude Code marks its system prompt for caching; only its own request as sent keeps that.
    if (backendPath === '/v1/messages')
      assert.ok(JSON.stringify(sent.body.system).includes('cache_control'), JSON.stringify(sent.body).slice(0, 2000));
  });
}

for (const { model, backendPath } of [
  { model: 'sy-anthropic', backendPath: '/v1/messages' },
  { model: 'sy-gemini', backendPath: '/v1beta/models/gemini-sim:streamGenerateContent' },
]) {
test(`Gemini CLI (Gemini API) reads a file through ${backendPath}`, { timeout: cliTimeoutMs }, async () => {
  const home = privateHome('gemini');
  mkdirSync(path.join(home, '.gemini'));
  writeFileSync(path.join(home, '.gemini/settings.json'), JSON.stringify({
    security: { auth: { selectedType: 'gemini-api-key' } },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
  }));
  const run = await runCli(process.execPath, [geminiJs, '-p', 'Read note.txt and tell me what it says.',
    '-m', model, '--approval-mode', 'yolo', '--skip-trust', '-o', 'json'], {
    cwd: work,
    env: { HOME: home, GEMINI_CLI_HOME: home, GOOGLE_GEMINI_BASE_URL: router.baseURL, GEMINI_API_KEY: 'local-unused',
      GEMINI_CLI_TRUST_WORKSPACE: 'true' },
  });
  assert.equal(run.code, 0, run.output);
  const result = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
  assert.ok(result.response.includes(secret), run.output);
  assert.equal((await lastBackendRequest()).path, backendPath);
});
}
