import type { ServerResponse } from 'node:http';
import { createRedactor } from '../../src/util/log';
import { ReceiverHealth } from '../../src/platform/health';

/** What the /healthz route wrote. */
function answer(health: ReceiverHealth): { status: number; body: string } {
  const written = { status: 0, body: '' };
  const res = {
    writeHead: (status: number) => {
      written.status = status;
      return res;
    },
    end: (body: string) => {
      written.body = body;
    },
  };
  health.handler(undefined, res as unknown as ServerResponse);
  return written;
}

describe('ReceiverHealth', () => {
  it('answers 200 only when connected, 503 with the state and how long otherwise', () => {
    let now = new Date('2026-11-26T09:00:00Z');
    const health = new ReceiverHealth(
      'socket',
      (text) => text,
      () => now,
    );
    expect(answer(health).status).toBe(503);
    health.set('connected');
    expect(answer(health).status).toBe(200);
    health.set('reconnecting', 'the WebSocket closed');
    now = new Date('2026-11-26T09:00:40Z');
    const { status, body } = answer(health);
    expect(status).toBe(503);
    expect(JSON.parse(body)).toMatchObject({
      status: 'unavailable',
      state: 'reconnecting',
      for_seconds: 40,
      detail: 'the WebSocket closed',
    });
  });

  it('redacts what it shows: the answer is public in HTTP mode and a failure detail is error text', () => {
    const health = new ReceiverHealth('socket', createRedactor(['app-secret-value']));
    health.set('failed', 'Slack refused xapp-1-test-not-a-token (app-secret-value)');
    const { body } = answer(health);
    expect(body).not.toContain('xapp-1-test');
    expect(body).not.toContain('app-secret-value');
    expect(body).toContain('[REDACTED]');
  });
});
