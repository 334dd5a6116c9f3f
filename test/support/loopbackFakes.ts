import { FakeSlack } from './fakeSlack';
import { FakeVultr } from './fakeVultr';
import { SECRETS } from './harness';

export interface LoopbackFakes {
  slack: FakeSlack;
  vultr: FakeVultr;
}

/** Fresh fake Slack and Vultr servers for every test of the file, for tests that spawn the compiled entry points. */
export function useLoopbackFakes(): LoopbackFakes {
  const fakes = {} as LoopbackFakes;
  beforeEach(async () => {
    fakes.slack = new FakeSlack();
    fakes.vultr = new FakeVultr(SECRETS.vultrKey);
    await Promise.all([fakes.slack.start(), fakes.vultr.start()]);
  });
  afterEach(async () => {
    await Promise.all([fakes.slack.stop(), fakes.vultr.stop()]);
  });
  return fakes;
}
