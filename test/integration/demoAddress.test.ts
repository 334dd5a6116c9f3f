import { startDemo, type Demo } from '../../demo/startDemo';
import { startHarness, type Harness } from '../support/harness';

describe('where the bot listens', () => {
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

  it('production: on HOST, by default every IPv4 interface, and says so when it starts', async () => {
    h = await startHarness();
    const started = h.logs.find((l) => l.msg === 'invites bot started');
    expect(started).toMatchObject({ host: '0.0.0.0', port: expect.any(Number) });
  });
});
