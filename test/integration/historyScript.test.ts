import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openSqliteStore } from '../../src/coordination/sqlite';
import { runScript, useCompiledDist } from '../support/compiledDist';
import { SECRETS } from '../support/harness';

/** `npm run history` as an operator (or a SIEM's collector) runs it: the compiled entry point, a real process. */

const dist = useCompiledDist();
const AT = Date.parse('2026-11-20T12:00:00Z');
const env = (dataDir: string) => ({ SLACK_BOT_TOKEN: SECRETS.botToken, VULTR_API_KEY: SECRETS.vultrKey, INVITES_DATA_DIR: dataDir });

describe('npm run history', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'invites-history-cli-'));
    const store = openSqliteStore(dataDir);
    await store.audit.append({
      at: AT - 2000,
      actor: 'U0ADMIN01',
      action: 'create',
      address: 'bob@example.com',
      outcome: 'created',
      detail: 'invitation i1',
    });
    await store.audit.append({
      at: AT - 1000,
      actor: 'U0ADMIN01',
      action: 'resend',
      address: 'eve@example.com\tforged\nline',
      outcome: 'sent',
    });
    await store.audit.append({ at: AT, actor: 'bot', action: 'accepted', address: 'bob@example.com', outcome: 'accepted' });
    await store.close();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  async function run(args: string[], environment: Record<string, string> = env(dataDir)) {
    const running = runScript(join(dist(), 'history.js'), environment, args);
    const code = await running.exit;
    const output = [...running.stdout, ...running.stderr].join('\n');
    for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
    return { code, stdout: running.stdout, stderr: running.stderr.join('') };
  }

  it('--json prints every record newest first, one JSON object a line, and exits 0', async () => {
    const { code, stdout } = await run(['--json']);
    expect(code).toBe(0);
    const records = stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => [r.action, r.address, r.at])).toEqual([
      ['accepted', 'bob@example.com', '2026-11-20T12:00:00.000Z'],
      ['resend', 'eve@example.com\tforged\nline', '2026-11-20T11:59:59.000Z'],
      ['create', 'bob@example.com', '2026-11-20T11:59:58.000Z'],
    ]);
    expect(records[2]).toMatchObject({ actor: 'U0ADMIN01', outcome: 'created', detail: 'invitation i1' });
    expect((records as Array<{ seq: number }>).map((r) => r.seq)).toEqual([3, 2, 1]);
  });

  it('without --json prints a table, one record a line, whatever an address holds', async () => {
    const { code, stdout } = await run([]);
    expect(code).toBe(0);
    expect(stdout).toHaveLength(4);
    expect(stdout[0]).toBe('when (UTC)\tactor\taction\taddress\toutcome\tdetail');
    expect(stdout[2]).toBe('2026-11-20T11:59:59.000Z\tU0ADMIN01\tresend\teve@example.com forged line\tsent\t');
  });

  it('an empty history prints nothing and exits 0', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'invites-history-empty-'));
    try {
      const { code, stdout } = await run(['--json'], env(empty));
      expect(code).toBe(0);
      expect(stdout).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('exits 2 with one clear line when the configuration or the store cannot be opened', async () => {
    const badConfig = await run(['--json'], { SLACK_BOT_TOKEN: SECRETS.botToken, INVITES_DATA_DIR: dataDir });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('VULTR_API_KEY');
    expect(badConfig.stdout).toEqual([]);

    const notADirectory = join(dataDir, 'a-file');
    writeFileSync(notADirectory, 'x');
    const badStore = await run(['--json'], env(notADirectory));
    expect(badStore.code).toBe(2);
    expect(badStore.stderr).toMatch(/^History not read: the store could not be opened \(.+\)\.\n$/);
    expect(badStore.stdout).toEqual([]);
  });

  it('runs as `npm run history` does: the package script, whose wrapper execs the built entry point', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.history).toBe('exec sh scripts/run-built.sh dist/history.js');
    const { stdout } = await promisify(execFile)(
      'sh',
      [join(__dirname, '..', '..', 'scripts', 'run-built.sh'), join(dist(), 'history.js'), '--json'],
      {
        env: { PATH: process.env.PATH ?? '', ...env(dataDir) },
      },
    );
    expect(stdout.trim().split('\n')).toHaveLength(3);
  });
});
