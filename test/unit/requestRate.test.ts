import { InProcessCoordination } from '../../src/coordination/inProcess';
import { REQUEST_RATE_WINDOW_MS, RequestRate } from '../../src/domain/approval';

describe('RequestRate: access requests per hour, everyone together', () => {
  it('takes up to the limit, then refuses until the oldest is an hour old (a sliding window)', async () => {
    let now = 1_000_000;
    const rate = new RequestRate(new InProcessCoordination(), 2, () => now);
    expect(await rate.take()).not.toBeNull();
    now += 10 * 60_000;
    expect(await rate.take()).not.toBeNull();
    expect(await rate.take()).toBeNull();
    now += REQUEST_RATE_WINDOW_MS - 10 * 60_000 + 1;
    expect(await rate.take()).not.toBeNull();
    expect(await rate.take()).toBeNull();
  });

  it('a request given back (its card was not posted) does not count', async () => {
    const rate = new RequestRate(new InProcessCoordination(), 1);
    const ticket = await rate.take();
    await rate.giveBack(ticket!);
    expect(await rate.take()).not.toBeNull();
  });
});
