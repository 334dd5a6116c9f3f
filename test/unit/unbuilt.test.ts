import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * `npm start`, `npm run doctor` and `npm run remind` in a checkout that was never built (no dist/):
 * one line saying what to do and exit code 1, not Node's MODULE_NOT_FOUND stack trace. Run as a
 * process in a temporary copy holding only what the scripts need (package.json and scripts/).
 */

const repoRoot = path.resolve(__dirname, '..', '..');
let checkout: string;

beforeAll(() => {
  checkout = mkdtempSync(path.join(tmpdir(), 'invites-unbuilt-'));
  cpSync(path.join(repoRoot, 'package.json'), path.join(checkout, 'package.json'));
  cpSync(path.join(repoRoot, 'scripts'), path.join(checkout, 'scripts'), { recursive: true });
});
afterAll(() => rmSync(checkout, { recursive: true, force: true }));

describe('the run scripts before a build', () => {
  it.each([
    ['start', 'dist/main.js'],
    ['doctor', 'dist/doctor.js'],
    ['remind', 'dist/remind.js'],
  ])('npm run %s prints one line naming %s and `npm run build`, and exits 1', (script, entry) => {
    const run = spawnSync('npm', ['run', script], {
      cwd: checkout,
      encoding: 'utf8',
      // No update check: with a fresh HOME npm would ask the registry and print a notice on stderr.
      env: {
        PATH: process.env.PATH,
        HOME: checkout,
        npm_config_cache: path.join(checkout, '.npm-cache'),
        npm_config_update_notifier: 'false',
      },
    });
    // stdout holds only npm's own "> vultr-invites-bot@… <script>" header.
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: `${entry} is missing: run \`npm run build\` first\n` });
    expect(run.stdout).not.toMatch(/MODULE_NOT_FOUND|Cannot find module|at /);
  });
});
