import { request } from 'undici';
import { reseed, VultrSandbox } from '@vultr-invites/vultr-sandbox';
import { invitationListSchema, readRows } from '../../src/vultr/schemas';

/** The sandbox answers in the shape the bot's Vultr client parses: every row of a page is readable. */
it("a page of the sandbox's list parses with the client's schema, every row readable", async () => {
  const sandbox = new VultrSandbox('SANDBOXKEY0123456789');
  reseed(sandbox, new Date('2026-11-26T12:00:00Z'));
  await sandbox.start();
  try {
    const res = await request(`${sandbox.url}/v2/invitation?per_page=10`, { headers: { authorization: `Bearer ${sandbox.apiKey}` } });
    const page = invitationListSchema.parse(await res.body.json());
    const read = readRows(page.items);
    expect(read.rows).toHaveLength(10);
    expect(read.skippedIds).toEqual([]);
  } finally {
    await sandbox.stop();
  }
});
