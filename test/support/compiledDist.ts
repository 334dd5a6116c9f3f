import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The compiled entry points as an operator runs them (`node dist/main.js` and friends), as real
 * processes, for the tests that must see exit codes, stdout and stderr exactly.
 */

/** Compiles src/ into a fresh directory inside the repository, so it resolves node_modules as dist/ would. */
export function compileDist(): string {
  const dist = mkdtempSync(join(__dirname, '..', '..', '.test-dist-'));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dist], {
    stdio: 'inherit',
  });
  return dist;
}

/** Where Jest's globalSetup put the dist/ it compiled for the whole run (test/support/globalDist.ts). */
export const SHARED_DIST_ENV = 'INVITES_TEST_DIST';

/** The run's compiled dist/ (shared: read it, never change or remove it). */
export function sharedDist(): string {
  const dist = process.env[SHARED_DIST_ENV];
  if (dist === undefined) throw new Error(`${SHARED_DIST_ENV} is unset: jest.config.js's globalSetup compiles dist/`);
  return dist;
}

/** The run's compiled dist/ for a test file; call at the top of a test file. */
export function useCompiledDist(): () => string {
  return sharedDist;
}

export interface Running {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exit: Promise<number | null>;
}

/** Runs `node [...nodeArgs] <script> [...args]` with only PATH and `env` in its environment. */
export function runScript(script: string, env: Record<string, string>, args: string[] = [], nodeArgs: string[] = []): Running {
  const dataDir = mkdtempSync(join(tmpdir(), 'invites-store-'));
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { PATH: process.env.PATH ?? '', INVITES_DATA_DIR: dataDir, ...env },
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(...chunk.toString().split('\n').filter(Boolean)));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout, stderr, exit };
}

/** The first JSON log line of the process that matches, waiting up to `timeoutMs` for it. */
export async function waitForLine(
  running: Running,
  predicate: (line: Record<string, unknown>) => boolean,
  timeoutMs = 10_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const raw of running.stdout) {
      const line = JSON.parse(raw) as Record<string, unknown>;
      if (predicate(line)) return line;
    }
    if (Date.now() > deadline) throw new Error(`no such log line; stdout: ${running.stdout.join('\n')} stderr: ${running.stderr.join('')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
