import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runScript, sharedDist } from '../support/compiledDist';

/**
 * What the container image does: `npm ci --omit=dev` next to dist/, nothing else. If anything the
 * entry points load lived in devDependencies, they would die with "Cannot find module" instead of
 * reaching the configuration check. The install runs outside the repository (so nothing resolves
 * from its node_modules), offline: every package comes from the npm cache the checkout's own
 * `npm ci` filled, so the test needs no registry (after `npm cache clean`, run `npm ci` again).
 */

const repoRoot = join(__dirname, '..', '..');
let app: string;

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'invites-prod-'));
  cpSync(sharedDist(), join(app, 'dist'), { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(repoRoot, file), join(app, file));
  await promisify(execFile)(
    'npm',
    ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--offline', '--no-update-notifier'],
    { cwd: app },
  );
}, 180_000);

afterAll(() => {
  rmSync(app, { recursive: true, force: true });
});

describe('a production install (npm ci --omit=dev)', () => {
  it.each(['main.js', 'doctor.js', 'remind.js'])('node dist/%s loads and stops at the configuration check (exit 2)', async (entry) => {
    const running = runScript(join(app, 'dist', entry), {});
    expect(await running.exit).toBe(2);
    const output = [...running.stdout, ...running.stderr].join('\n');
    expect(output).toContain('SLACK_BOT_TOKEN is required');
    expect(output).not.toMatch(/Cannot find module|MODULE_NOT_FOUND/);
  });
});
