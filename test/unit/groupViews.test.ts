import { blockProblems, messageProblems } from '@vultr-invites/slack-emulator';
import type { GrantIntent } from '../../src/domain/groupGrants';
import { decodeCardGroup, renderApprovalCard, renderRequestModal } from '../../src/views/accessRequest';
import { renderGrantGroupModal } from '../../src/views/grantGroupModal';
import { renderGrantNews } from '../../src/views/grantNews';
import { groupInput, groupSuggestions, NO_GROUP } from '../../src/views/groupChoice';
import { renderInviteModal } from '../../src/views/inviteModal';
import { VultrError } from '../../src/vultr/errors';
import { NOW } from './fixtures';

const LONG = `<!channel> *Ops* & ${'x'.repeat(500)}`;
const groups = (n: number, name = (i: number) => `Team ${i}`) =>
  Array.from({ length: n }, (_, i) => ({ id: `3b1f6c2e-0000-4000-8000-${String(i).padStart(12, '0')}`, name: name(i) }));
const intent: GrantIntent = {
  invitationId: 'inv-1',
  email: 'bob@example.com',
  group: { id: 'g1', name: LONG },
  chosenBy: 'U0DANA001',
  since: NOW.getTime(),
  state: { kind: 'waiting', misses: 0, nextTryAt: 0 },
};

describe('the group views', () => {
  it('offer up to 100 groups in a static select, more through a search; names flattened and cut to Slack’s option length', () => {
    const few = JSON.stringify(groupInput('group', { kind: 'listed', groups: groups(99, () => `two\nlines ${LONG}`) }, 'Why.'));
    expect(few).toContain('"type":"static_select"');
    expect(few).not.toContain('two\\nlines');
    expect(JSON.stringify(groupInput('group', { kind: 'listed', groups: groups(100) }, 'Why.'))).toContain('"type":"external_select"');
    for (const n of [0, 5, 99, 150]) {
      const modal = renderInviteModal({ notifyChannel: 'C1', groups: { kind: 'listed', groups: groups(n, () => LONG) } });
      expect(blockProblems(modal.blocks, 'modal')).toEqual([]);
      expect(
        blockProblems(renderRequestModal({ notifyChannel: 'C1', groups: { kind: 'listed', groups: groups(n) } }).blocks, 'modal'),
      ).toEqual([]);
      expect(blockProblems(renderGrantGroupModal(intent, { kind: 'listed', groups: groups(n) }, '{}').blocks, 'modal')).toEqual([]);
    }
    expect(JSON.stringify(groupInput('group', { kind: 'unavailable', problem: '<@U1> down' }, 'Why.'))).toContain('&lt;@U1&gt; down');
  });

  it('searches by name, at most 100, with No group when nothing or part of it is typed', () => {
    const all = groups(300);
    expect(groupSuggestions(all, '')).toHaveLength(100);
    expect(groupSuggestions(all, '')[0]?.value).toBe(NO_GROUP);
    expect(groupSuggestions(all, 'team 29').map((o) => o.text.text)).toEqual([
      'Team 29',
      ...Array.from({ length: 10 }, (_, i) => `Team 29${i}`),
    ]);
  });

  it('the card carries its id with each group option and stays within Slack’s limits with many long names', () => {
    const card = {
      id: '0b5e1c2d-0000-4000-8000-000000000001',
      request: { requester: 'U0M', email: 'm@example.com', apiEnabled: false, reason: LONG, askedAt: NOW, group: { id: 'g1', name: LONG } },
    };
    const message = renderApprovalCard(
      card,
      undefined,
      groups(150, () => LONG),
    );
    expect(messageProblems(message)).toEqual([]);
    const select = JSON.stringify(message.blocks);
    expect(select).toContain(`"value":"${card.id}:none"`);
    expect(decodeCardGroup(`${card.id}:none`)).toEqual({ cardId: card.id, groupId: null });
    expect(decodeCardGroup(`${card.id}:${'a'.repeat(65)}`)).toBeNull();
    expect(decodeCardGroup('x:y')).toBeNull();
  });

  it('the grant messages escape Vultr’s names and stay within limits; a failure offers Retry and Choose another group', () => {
    const failed = renderGrantNews({
      kind: 'failed',
      intent,
      error: new VultrError('auth', 'no', { operation: 'add_member', status: 403 }),
    });
    expect(failed.text).toContain('&lt;!channel&gt;');
    expect(failed.text).toContain('iam.group.AddMember');
    expect(JSON.stringify(failed.blocks)).toMatch(/grant_retry.*grant_choose/);
    for (const message of [
      failed,
      renderGrantNews({ kind: 'granted', intent, user: { id: 'u', email: 'bob@example.com', name: null }, alreadyMember: false }),
      renderGrantNews({ kind: 'expired', intent }),
    ])
      expect(messageProblems(message)).toEqual([]);
  });
});
