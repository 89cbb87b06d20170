// Starts real switchyard-sim and headless switchyard processes for the SDK tests.

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const buildDir = process.env.SWITCHYARD_BUILD_DIR ?? path.resolve(import.meta.dirname, '../../build/dev');
export const simBinary = path.join(buildDir, 'app/sim/switchyard-sim');
export const appBinary = path.join(buildDir, 'app/switchyard/switchyard');

const listening = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

// Spawns `binary` and resolves once it prints the port it listens on.
function spawnListening(binary, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(binary)} did not start:\n${output}`));
    }, 15000);
    const onData = (data) => {
      output += data;
      const match = listening.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(binary)} exited with ${code}:\n${output}`));
    });
  });
}

function stopper(child) {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
}

export async function startSim(args = []) {
  const { child, port } = await spawnListening(simBinary, ['--port', '0', ...args], {});
  return { port, baseUrl: `http://127.0.0.1:${port}/v1`, stop: stopper(child) };
}

// A headless switchyard with `config` (an object) in a private XDG home; `extraEnv` adds
// environment variables (backend keys).
export async function startSwitchyard(config, args = [], extraEnv = {}) {
  const home = mkdtempSync(path.join(tmpdir(), 'switchyard-e2e-'));
  const env = { ...extraEnv };
  for (const name of ['XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'XDG_DATA_HOME']) {
    env[name] = path.join(home, name.toLowerCase());
    mkdirSync(env[name], { recursive: true });
  }
  const configPath = path.join(home, 'config.json');
  writeFileSync(configPath, JSON.stringify({ version: 1, ...config }, null, 2));
  const { child, port, output } = await spawnListening(
    appBinary, ['--headless', '--port', '0', '--config', configPath, ...args], env);
  return { port, baseURL: `http://127.0.0.1:${port}`, home, output, stop: stopper(child) };
}
