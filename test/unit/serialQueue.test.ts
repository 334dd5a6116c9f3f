import { SerialQueue } from '../../src/util/serialQueue';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SerialQueue', () => {
  it('runs work for one key one at a time, in arrival order, even when the first is slower', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const slow = queue.run('digest', async () => {
      log.push('slow:start');
      await sleep(50);
      log.push('slow:end');
    });
    const fast = queue.run('digest', async () => {
      log.push('fast:start');
      await Promise.resolve();
      log.push('fast:end');
    });
    await Promise.all([slow, fast]);
    expect(log).toEqual(['slow:start', 'slow:end', 'fast:start', 'fast:end']);
  });

  it('runs different keys side by side', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const a = queue.run('a', async () => {
      log.push('a:start');
      await sleep(30);
      log.push('a:end');
    });
    const b = queue.run('b', async () => {
      log.push('b:start');
      await Promise.resolve();
      log.push('b:end');
    });
    await Promise.all([a, b]);
    expect(log.indexOf('b:end')).toBeLessThan(log.indexOf('a:end'));
  });

  it('goes on after a failure and hands each caller its own result or error', async () => {
    const queue = new SerialQueue();
    const failed = queue.run('k', () => Promise.reject(new Error('boom')));
    const next = queue.run('k', () => Promise.resolve(42));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
  });
});
