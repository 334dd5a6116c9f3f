import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, parseConfig } from '../../src/config';

/**
 * .env.example as people use it: sourced by the shell (`set -a; . ./.env`, the README's recipe) or
 * read by `node --env-file`, with its commented examples switched on. Both readers must get the
 * same values, and the only thing the configuration may then object to is the placeholders.
 */

const example = readFileSync(path.resolve(__dirname, '..', '..', '.env.example'), 'utf8');
/** Every `#NAME=value` example line switched on. */
const everyExampleOn = example.replace(/^#([A-Z][A-Z0-9_]*=)/gm, '$1');

const PRINT_ENV = 'process.stdout.write(JSON.stringify(process.env))';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'env-example-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(text: string): string {
  const file = path.join(dir, `env-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  return file;
}

/** The variables a reader of `file` hands to node, beyond a bare PATH. */
function readBy(how: 'shell' | 'node', file: string): { env: Record<string, string>; stderr: string; status: number | null } {
  const run =
    how === 'shell'
      ? spawnSync('bash', ['--norc', '--noprofile', '-c', `set -a; . "$1"; set +a; exec node -e '${PRINT_ENV}'`, 'bash', file], {
          env: { PATH: process.env.PATH },
          encoding: 'utf8',
        })
      : spawnSync(process.execPath, [`--env-file=${file}`, '-e', PRINT_ENV], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
  const all = run.status === 0 ? (JSON.parse(run.stdout) as Record<string, string>) : {};
  const env = Object.fromEntries(Object.entries(all).filter(([name]) => /^(SLACK|VULTR|INVITES|PORT|HOST|LOG)_?/.test(name)));
  return { env, stderr: run.stderr, status: run.status };
}

describe('.env.example', () => {
  it.each([
    ['as shipped', example],
    ['with every commented example switched on', everyExampleOn],
  ])('sources cleanly in bash %s, giving the same values as node --env-file', (_label, text) => {
    const file = fileWith(text);
    const shell = readBy('shell', file);
    expect({ status: shell.status, stderr: shell.stderr }).toEqual({ status: 0, stderr: '' });
    expect(shell.env).toEqual(readBy('node', file).env);
    expect(Object.keys(shell.env).length).toBeGreaterThanOrEqual(3);
  });

  it('carries the cron example whole, spaces and stars included', () => {
    expect(readBy('shell', fileWith(everyExampleOn)).env.INVITES_REMIND_SCHEDULE).toBe('0 9 * * 1-5');
  });

  it('has only its placeholders refused, each by name', () => {
    const { env } = readBy('shell', fileWith(everyExampleOn));
    let problems: string[] = [];
    try {
      parseConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      problems = (err as ConfigError).problems;
    }
    expect(problems.sort()).toEqual(
      [
        'SLACK_BOT_TOKEN',
        'SLACK_APP_TOKEN',
        'SLACK_SIGNING_SECRET',
        'SLACK_APP_ID',
        'VULTR_API_KEY',
        'INVITES_NOTIFY_CHANNEL',
        'INVITES_ALLOWED_USERS',
        'INVITES_ALLOWED_USERGROUP',
      ]
        .map((name) => `${name} still holds the placeholder from .env.example`)
        .sort(),
    );
  });
});
