import { LocalSlack } from '@vultr-invites/slack-emulator';
import { VultrSandbox } from '@vultr-invites/vultr-sandbox';
import { BOT_MANIFEST, SECRETS } from './harness';

export interface LoopbackFakes {
  slack: LocalSlack;
  vultr: VultrSandbox;
}

/** Fresh fake Slack and Vultr servers for every test of the file, for tests that spawn the compiled entry points. */
export function useLoopbackFakes(): LoopbackFakes {
  const fakes = {} as LoopbackFakes;
  beforeEach(async () => {
    fakes.slack = new LocalSlack(BOT_MANIFEST);
    fakes.vultr = new VultrSandbox(SECRETS.vultrKey);
    await Promise.all([fakes.slack.start(), fakes.vultr.start()]);
  });
  afterEach(async () => {
    await Promise.all([fakes.slack.stop(), fakes.vultr.stop()]);
  });
  return fakes;
}
