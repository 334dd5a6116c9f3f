import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebClient } from '@slack/web-api';
import type { VultrSandbox } from '@vultr-invites/vultr-sandbox';
import { openSqliteStore } from '../src/coordination/sqlite';
import { GroupGrants } from '../src/domain/groupGrants';
import { History } from '../src/domain/history';
import { runGrants } from '../src/jobs/grants/runGrants';
import { Logger } from '../src/util/log';
import { VultrClient } from '../src/vultr/client';
import { median, ms, times, type Row } from './stats';

const GROUP = { id: '7f2b0c1e-0000-4b1d-9a3e-000000000001', name: 'Developers' };

/**
 * The slowest path #18 added: a grant run that finds one accepted invitation among 10,000 with a
 * group waiting for it (list the invitations, find the new user, check the membership, add it,
 * record it in the SQLite store's history), against the minimum of its Vultr requests one after
 * another, each as long as the sandbox took to answer it, in the same run. The channel post is left out (Slack's time, not the bot's).
 */
export async function grantRow(vultr: VultrSandbox, ids: readonly string[], vultrMs: number, runs: number): Promise<Row> {
  const logger = new Logger('error', [], () => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'bench-grant-'));
  const store = openSqliteStore(dir);
  const client = new VultrClient({ apiUrl: vultr.url, apiKey: vultr.apiKey, timeoutMs: 10_000, logger });
  try {
    vultr.addGroups({ ...GROUP, display_name: GROUP.name, members: [] });
    const grants = new GroupGrants(store);
    const deps = { grants, vultr: client, slack: new WebClient('xoxb-unused'), history: new History(store.audit, logger), logger };
    const samples: number[] = [];
    const minimums: number[] = [];
    const requestCounts: number[] = [];
    for (const [n, id] of ids.slice(0, runs + 1).entries()) {
      const invitation = vultr.invitations.get(id);
      if (!invitation) throw new Error(`no invitation ${id}`);
      await grants.intend({ invitationId: id, email: invitation.email_invited, group: GROUP, chosenBy: 'U0BENCHADM' });
      vultr.accept(id);
      const requestsBefore = vultr.requests.length;
      const started = performance.now();
      await runGrants(deps, { channel: undefined, intervalMs: 60_000 });
      const elapsed = performance.now() - started;
      const intent = await grants.get(id);
      if (intent?.state.kind !== 'granted') throw new Error(`grant run did not grant: ${JSON.stringify(intent?.state)}`);
      // The first run warms up.
      if (n > 0) {
        samples.push(elapsed);
        // Its requests one after another, each as long as the sandbox took to answer it.
        minimums.push(vultr.servedMsSince(requestsBefore));
        requestCounts.push(vultr.requests.length - requestsBefore);
      }
    }
    const [measured, minimum] = [median(samples), median(minimums)];
    return {
      what: 'group grant on acceptance (grant run)',
      setting: `1 accepted among 10,000, Vultr ${vultrMs} ms/request, SQLite store`,
      measured: ms(measured),
      baseline: `its ${median(requestCounts)} Vultr requests in sequence ${ms(minimum)} (${ms(median(requestCounts) * vultrMs)} nominal)`,
      ratio: times(measured / minimum),
      goal: '≤ 1.1× minimum + 50 ms',
      met: measured <= 1.1 * minimum + 50,
    };
  } finally {
    await client.close(false);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
