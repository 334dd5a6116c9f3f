import { Logger } from '../../src/util/log';
import { scheduleReminders } from '../../src/jobs/digest/schedule';

describe('scheduleReminders', () => {
  it('claims the scheduled occurrence even when a busy event loop fires the run late', async () => {
    const logger = new Logger('error', [], () => undefined);
    const claimed: Date[] = [];
    let ran = 0;
    const job = scheduleReminders(
      '*/2 * * * * *',
      'UTC',
      () => {
        ran += 1;
        return Promise.resolve();
      },
      (tick) => {
        claimed.push(tick);
        return Promise.resolve(true);
      },
      logger,
    );
    // Block the event loop from just before an even second until well past it.
    const next = Math.ceil((Date.now() + 400) / 2000) * 2000;
    await new Promise((resolve) => setTimeout(resolve, next - Date.now() - 200));
    while (Date.now() < next + 1300) {
      // busy
    }
    const deadline = Date.now() + 3000;
    while (!claimed.some((tick) => tick.getTime() >= next) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    job.stop();
    expect(ran).toBeGreaterThanOrEqual(1);
    // Every replica must name the same tick: the even second it was scheduled for, never the odd
    // second a busy loop let it fire in.
    expect(claimed.map((tick) => tick.getTime())).toContain(next);
    for (const tick of claimed) expect(tick.getTime() % 2000).toBe(0);
  });
});
