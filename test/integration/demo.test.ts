import { WorkbenchClient } from '@vultr-invites/slack-emulator';
import { startDemo, type Demo } from '../../demo/startDemo';
import { startHarness, type Harness } from '../support/harness';

describe('npm run demo and where the bot listens', () => {
  let demo: Demo | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    await demo?.stop();
    await h?.stop();
  });

  it('npm run demo: on 127.0.0.1 only, like the local Slack and the sandbox', async () => {
    demo = await startDemo({ logSink: () => undefined });
    expect(demo.botAddress.host).toBe('127.0.0.1');
  });

  it("npm run demo: /invites request prefills the requester's profile e-mail", async () => {
    demo = await startDemo({ logSink: () => undefined });
    const events = `http://127.0.0.1:${demo.botAddress.port}/slack/events`;
    const signingSecret = demo.config.slack.signingSecret as string;
    await new WorkbenchClient(demo.slack, events, signingSecret).command('U0DEMOMEMB', 'C0DEMOOPS1', '/invites request');
    const opened = await demo.slack.waitFor(() => demo!.slack.callsOf('views.open')[0]);
    expect(JSON.stringify(opened.args.view)).toContain('"initial_value":"sam@acme.example"');
  });

  it('production: on HOST, by default every IPv4 interface, and says so when it starts', async () => {
    h = await startHarness();
    const started = h.logs.find((l) => l.msg === 'invites bot started');
    expect(started).toMatchObject({ host: '0.0.0.0', port: expect.any(Number) });
  });
});
