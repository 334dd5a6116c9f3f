import { toInvitation } from '../../src/vultr/invitation';
import {
  errorBodySchema,
  invitationIdPattern,
  invitationListSchema,
  readRows,
  invitationSchema,
  singleInvitationSchema,
  type RawInvitation,
} from '../../src/vultr/schemas';

/** A full invitation as the reference's composed example shows it (values invented). */
const wire = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: '7c1e2b9a-4d3f-4a51-9e0b-2f6d8a1c3e55',
  inviter_name: 'Dana Admin',
  inviter_email: 'dana@example.com',
  email_invited: 'new.hire@example.com',
  email_registered: '',
  permissions: { api_enabled: false },
  org_id: '0d9f6c1a-1111-4222-8333-944455556666',
  org_name: 'Acme Platform',
  status: '?',
  status_full: '?',
  invite_status: 'Pending',
  date_created: '2026-04-01T09:30:00+00:00',
  date_responded: '',
  expiration_date: '2026-04-04T09:30:00+00:00',
  ...overrides,
});

const parseRaw = (body: unknown): RawInvitation => invitationSchema.parse(body);
const parseOne = (overrides: Record<string, unknown>) => toInvitation(parseRaw(wire(overrides)));

describe('invitationListSchema', () => {
  it('reads the documented envelope under `invites` with meta', () => {
    const parsed = invitationListSchema.parse({
      invites: [wire(), wire({ id: 'second-id', email_invited: 'b@example.com' })],
      meta: { total: 2, links: { next: '', prev: '' } },
    });
    expect(readRows(parsed.items).rows.map((i) => i.id)).toEqual(['7c1e2b9a-4d3f-4a51-9e0b-2f6d8a1c3e55', 'second-id']);
    expect(parsed.next).toBeNull();
  });

  it.each(['invitations', 'data'])('also reads the array under `%s`', (key) => {
    const parsed = invitationListSchema.parse({ [key]: [wire()] });
    expect(readRows(parsed.items).rows).toHaveLength(1);
    expect(readRows(parsed.items).rows[0]?.email_invited).toBe('new.hire@example.com');
  });

  it('prefers `invites`, then `invitations`, then `data`, skipping keys that are not arrays', () => {
    const parsed = invitationListSchema.parse({
      invites: null,
      invitations: [wire({ id: 'from-invitations' })],
      data: [wire({ id: 'from-data' })],
    });
    expect(readRows(parsed.items).rows.map((i) => i.id)).toEqual(['from-invitations']);
    const first = invitationListSchema.parse({ invites: [wire({ id: 'from-invites' })], data: [wire({ id: 'from-data' })] });
    expect(readRows(first.items).rows.map((i) => i.id)).toEqual(['from-invites']);
  });

  it('accepts an empty list', () => {
    expect(invitationListSchema.parse({ invites: [], meta: { total: 0 } })).toEqual({ items: [], next: null });
  });

  it('rejects a body without any invitation array', () => {
    expect(invitationListSchema.safeParse({ meta: { total: 0 } }).success).toBe(false);
    expect(invitationListSchema.safeParse({ invites: { id: 'x' } }).success).toBe(false);
    expect(invitationListSchema.safeParse([wire()]).success).toBe(false);
    expect(invitationListSchema.safeParse(null).success).toBe(false);
  });

  it.each([
    ['meta missing', {}],
    ['meta null', { meta: null }],
    ['links missing', { meta: { total: 1 } }],
    ['links null', { meta: { total: 1, links: null } }],
    ['next missing', { meta: { links: { prev: '' } } }],
    ['next null', { meta: { links: { next: null, prev: null } } }],
    ['next empty', { meta: { links: { next: '', prev: '' } } }],
  ])('ends the list when %s', (_label, extra) => {
    const parsed = invitationListSchema.parse({ invites: [wire()], ...extra });
    expect(parsed.next).toBeNull();
    expect(readRows(parsed.items).rows).toHaveLength(1);
  });

  it('returns a non-empty next cursor as it came', () => {
    const parsed = invitationListSchema.parse({ invites: [wire()], meta: { total: 900, links: { next: 'bmV4dA==', prev: '' } } });
    expect(parsed.next).toBe('bmV4dA==');
  });

  it('tolerates unknown fields in the envelope, meta and items', () => {
    const parsed = invitationListSchema.parse({
      invites: [wire({ roles: ['admin'], permissions: { api_enabled: 'yes', extra: 1 } })],
      meta: { total: 1, links: { next: '', prev: '', self: 'x' }, page: 3 },
      request_id: 'abc',
    });
    expect(readRows(parsed.items).rows).toHaveLength(1);
  });

  it('leaves the items unread: one malformed row does not reject the page', () => {
    const parsed = invitationListSchema.parse({ invites: [wire(), wire({ id: '../../account' })] });
    expect(parsed.items).toHaveLength(2);
  });
});

describe('readRows', () => {
  const long = 'a'.repeat(65);
  it.each([
    ['an id with a slash', { id: '../../account' }, 'id'],
    ['an id with spaces', { id: 'abc def' }, 'id'],
    ['an id over 64 characters', { id: long }, 'id'],
    ['an empty email_invited', { email_invited: '' }, 'email_invited'],
    ['a null email_invited', { email_invited: null }, 'email_invited'],
    [
      'an email_invited with a forged line',
      { email_invited: 'bob@example.com\nSPOOF :white_check_mark: *ceo@corp.example* accepted' },
      'email_invited',
    ],
    ['an email_invited with a bidi override', { email_invited: 'bob@example.com\u202Emoc.live' }, 'email_invited'],
    ['an email_invited with a zero-width space', { email_invited: 'bob\u200B@example.com' }, 'email_invited'],
    ['an email_invited without an @', { email_invited: 'bob.example.com' }, 'email_invited'],
    ['an email_invited over 254 characters', { email_invited: `${'b'.repeat(250)}@example.com` }, 'email_invited'],
    ['a numeric expiration_date', { expiration_date: 1775295000 }, 'expiration_date'],
    ['an object where a name should be', { inviter_name: { first: 'Dana' } }, 'inviter_name'],
  ])('skips %s and keeps the other rows', (_label, bad, field) => {
    const read = readRows([wire({ id: 'good-1' }), wire({ id: 'bad-1', ...bad }), wire({ id: 'good-2' })]);
    expect(read.rows.map((r) => r.id)).toEqual(['good-1', 'good-2']);
    expect(read.skippedByField).toEqual({ [field]: 1 });
  });

  it('names only skipped rows whose id is itself valid, and counts the rest', () => {
    const read = readRows([wire({ id: 'bad-email', email_invited: null }), wire({ id: '../x' }), 'not an object', null]);
    expect(read.rows).toEqual([]);
    expect(read.skippedIds).toEqual(['bad-email']);
    expect(Object.values(read.skippedByField).reduce((a, b) => a + b, 0)).toBe(4);
  });
});

describe('singleInvitationSchema', () => {
  it('accepts a bare invitation', () => {
    expect(singleInvitationSchema.parse(wire()).id).toBe('7c1e2b9a-4d3f-4a51-9e0b-2f6d8a1c3e55');
  });

  it.each(['invitation', 'invite', 'data'])('accepts an invitation wrapped in {"%s": ...}', (key) => {
    const parsed = singleInvitationSchema.parse({ [key]: wire({ id: `wrapped-${key}` }) });
    expect(parsed.id).toBe(`wrapped-${key}`);
    expect(parsed.email_invited).toBe('new.hire@example.com');
  });

  it('prefers the bare object when the top level has an id', () => {
    const parsed = singleInvitationSchema.parse({ ...wire({ id: 'top' }), data: wire({ id: 'inner' }) });
    expect(parsed.id).toBe('top');
  });

  it('keeps unknown fields', () => {
    const parsed = singleInvitationSchema.parse(wire({ roles: ['x'], something_new: 1 }));
    expect((parsed as Record<string, unknown>).something_new).toBe(1);
  });

  it.each([
    ['null', null],
    ['an empty object', {}],
    ['an array', [wire()]],
    ['a string', 'ok'],
    ['a wrapper holding an array', { invitation: [wire()] }],
    ['an id that is a number', { ...wire(), id: 42 }],
  ])('rejects %s', (_label, body) => {
    expect(singleInvitationSchema.safeParse(body).success).toBe(false);
  });

  it('rejects an invalid invitation instead of falling through to a wrapper', () => {
    expect(singleInvitationSchema.safeParse({ ...wire({ id: 'a/b' }), data: wire() }).success).toBe(false);
  });
});

describe('invitationSchema fields', () => {
  it.each([
    ['a UUID', '7c1e2b9a-4d3f-4a51-9e0b-2f6d8a1c3e55'],
    ['a short id', 'a'],
    ['64 characters', 'a'.repeat(64)],
  ])('accepts an id that is %s', (_label, id) => {
    expect(invitationSchema.safeParse(wire({ id })).success).toBe(true);
  });

  it.each([
    ['a slash', 'abc/def'],
    ['a path traversal', '..'],
    ['a query', 'abc?x=1'],
    ['a space', 'abc def'],
    ['percent-encoding', 'abc%2F'],
    ['65 characters', 'a'.repeat(65)],
    ['nothing', ''],
    ['a newline', 'abc\n'],
  ])('rejects an id containing %s', (_label, id) => {
    expect(invitationSchema.safeParse(wire({ id })).success).toBe(false);
    expect(invitationIdPattern.test(id)).toBe(false);
  });

  it('requires email_invited', () => {
    const body = wire();
    delete body.email_invited;
    expect(invitationSchema.safeParse(body).success).toBe(false);
    expect(invitationSchema.safeParse(wire({ email_invited: '' })).success).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['blank', '   '],
  ])('turns an optional text field that is %s into null', (_label, value) => {
    const body = wire();
    for (const key of ['inviter_name', 'inviter_email', 'status', 'status_full', 'date_created', 'expiration_date']) {
      if (value === undefined) delete body[key];
      else body[key] = value;
    }
    const raw = parseRaw(body);
    expect(raw.inviter_name).toBeNull();
    expect(raw.inviter_email).toBeNull();
    expect(raw.status).toBeNull();
    expect(raw.status_full).toBeNull();
    expect(raw.date_created).toBeNull();
    expect(raw.expiration_date).toBeNull();
  });

  it('accepts the bare minimum: id and email_invited', () => {
    const inv = toInvitation(parseRaw({ id: 'min', email_invited: 'x@example.com' }));
    expect(inv).toEqual({
      id: 'min',
      emailInvited: 'x@example.com',
      inviterName: null,
      inviterEmail: null,
      statusLabel: 'unknown',
      isPending: false,
      createdAt: null,
      expiresAt: null,
      respondedAt: null,
    });
  });
});

describe('toInvitation', () => {
  it('maps the wire fields to the domain object', () => {
    expect(parseOne({})).toEqual({
      id: '7c1e2b9a-4d3f-4a51-9e0b-2f6d8a1c3e55',
      emailInvited: 'new.hire@example.com',
      inviterName: 'Dana Admin',
      inviterEmail: 'dana@example.com',
      statusLabel: 'Pending',
      isPending: true,
      createdAt: new Date('2026-04-01T09:30:00Z'),
      expiresAt: new Date('2026-04-04T09:30:00Z'),
      respondedAt: null,
    });
  });

  it('reads date_responded, the moment the invitee accepted', () => {
    expect(parseOne({ date_responded: '2026-04-02T14:05:11+00:00', invite_status: 'Accepted' }).respondedAt).toEqual(
      new Date('2026-04-02T14:05:11Z'),
    );
  });

  it.each([
    ['+00:00 offset', '2026-04-04T09:30:00+00:00', '2026-04-04T09:30:00.000Z'],
    ['Z suffix', '2026-04-04T09:30:00Z', '2026-04-04T09:30:00.000Z'],
    ['fractional seconds', '2026-04-04T09:30:00.123456Z', '2026-04-04T09:30:00.123Z'],
    ['another offset', '2026-04-04T11:30:00+02:00', '2026-04-04T09:30:00.000Z'],
    ['surrounding blanks', ' 2026-04-04T09:30:00+00:00 ', '2026-04-04T09:30:00.000Z'],
  ])('parses a date with %s', (_label, value, iso) => {
    expect(parseOne({ expiration_date: value }).expiresAt?.toISOString()).toBe(iso);
  });

  it.each([
    ['garbage', 'not a date'],
    ['the zero date', '0000-00-00 00:00:00'],
    ['an impossible month', '2026-13-01T00:00:00Z'],
    ['null', null],
    ['empty', ''],
  ])('turns an unparseable expiration (%s) into null instead of throwing', (_label, value) => {
    const inv = parseOne({ expiration_date: value, date_created: value });
    expect(inv.expiresAt).toBeNull();
    expect(inv.createdAt).toBeNull();
  });

  it('treats a missing expiration as unknown', () => {
    const body = wire();
    delete body.expiration_date;
    expect(toInvitation(parseRaw(body)).expiresAt).toBeNull();
  });

  describe('pending status (U2)', () => {
    it.each(['Pending', 'PENDING', 'pending', ' pending ', '\tPending\n'])('%j counts as pending', (value) => {
      expect(parseOne({ invite_status: value, status: 'active' }).isPending).toBe(true);
    });

    it.each(['Accepted', 'accepted', 'Expired', 'Declined', 'Pending approval', 'pend', '?'])('%j does not count as pending', (value) => {
      expect(parseOne({ invite_status: value, status: 'pending' }).isPending).toBe(false);
    });

    it('falls back to `status` when invite_status is missing, null or empty', () => {
      const body = wire({ status: 'Pending' });
      delete body.invite_status;
      expect(toInvitation(parseRaw(body)).isPending).toBe(true);
      expect(parseOne({ invite_status: null, status: ' PENDING ' }).isPending).toBe(true);
      expect(parseOne({ invite_status: '', status: 'pending' }).isPending).toBe(true);
      expect(parseOne({ invite_status: null, status: 'accepted' }).isPending).toBe(false);
    });

    it('is not pending when there is no status at all', () => {
      expect(parseOne({ invite_status: null, status: null }).isPending).toBe(false);
    });

    it('ignores status_full for the decision', () => {
      expect(parseOne({ invite_status: null, status: null, status_full: 'Pending' }).isPending).toBe(false);
    });
  });

  it('labels the status as it arrived', () => {
    expect(parseOne({ invite_status: 'Accepted' }).statusLabel).toBe('Accepted');
    expect(parseOne({ invite_status: null, status_full: 'Invite Pending', status: 'p' }).statusLabel).toBe('Invite Pending');
    expect(parseOne({ invite_status: null, status_full: null, status: 'p' }).statusLabel).toBe('p');
    expect(parseOne({ invite_status: null, status_full: null, status: null }).statusLabel).toBe('unknown');
  });
});

describe('errorBodySchema', () => {
  it('reads the error string and tolerates other fields', () => {
    expect(errorBodySchema.parse({ error: 'Invite not found', status: 404 }).error).toBe('Invite not found');
    expect(errorBodySchema.parse({ status: 500 }).error).toBeUndefined();
  });
});
