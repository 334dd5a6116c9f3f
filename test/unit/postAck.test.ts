import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PostAckQueue } from '../../src/platform/postAck';

/** A request the queue counts as being acknowledged until `answer()` closes its response. */
function arriving(queue: PostAckQueue): { answer: () => void } {
  const response = new EventEmitter();
  queue.counting(() => undefined)({} as IncomingMessage, response as unknown as ServerResponse);
  return { answer: () => response.emit('close') };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('PostAckQueue: work after an ack waits its turn', () => {
  let clock = 0;
  const queue = (concurrency: number, maxDeferMs = 500) => new PostAckQueue({ concurrency, maxDeferMs, quietMs: 2 }, () => clock);
  beforeEach(() => {
    clock = 1_000;
  });

  it('runs at most `concurrency` at once, in arrival order', async () => {
    const q = queue(2);
    const started: number[] = [];
    const finish: Array<() => void> = [];
    const work = (n: number) =>
      q.run(() => {
        started.push(n);
        return new Promise<void>((resolve) => finish.push(resolve));
      });
    const all = [1, 2, 3, 4].map(work);
    await settle();
    expect(started).toEqual([1, 2]);
    finish[0]?.();
    await settle();
    expect(started).toEqual([1, 2, 3]);
    finish[1]?.();
    finish[2]?.();
    await settle();
    finish[3]?.();
    await Promise.all(all);
    expect(started).toEqual([1, 2, 3, 4]);
  });

  it('ends a turn when the work throws, and passes the error on', async () => {
    const q = queue(1);
    await expect(q.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(q.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  describe('with other requests being acknowledged', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('starts nothing while a request is being acknowledged, nor until the burst has been quiet for quietMs', async () => {
      const q = queue(4);
      const request = arriving(q);
      let ran = false;
      const done = q.run(() => {
        ran = true;
        return Promise.resolve();
      });
      await jest.advanceTimersByTimeAsync(100);
      expect(ran).toBe(false);
      request.answer();
      // Answered just now: the next request of a burst may be on its way.
      await jest.advanceTimersByTimeAsync(0);
      expect(ran).toBe(false);
      clock += 2;
      await jest.advanceTimersByTimeAsync(2);
      expect(ran).toBe(true);
      await done;
    });

    it('does not let a steady stream of requests starve the work: it starts after maxDeferMs', async () => {
      const q = queue(4, 500);
      const requests = [arriving(q)];
      let ran = false;
      const done = q.run(() => {
        ran = true;
        return Promise.resolve();
      });
      for (let t = 0; t < 4; t++) {
        clock += 100;
        requests.push(arriving(q));
        requests.shift()?.answer();
        await jest.advanceTimersByTimeAsync(100);
      }
      expect(ran).toBe(false);
      clock += 100;
      await jest.advanceTimersByTimeAsync(100);
      expect(ran).toBe(true);
      await done;
    });
  });
});
