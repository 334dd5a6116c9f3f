import type { ServerResponse } from 'node:http';
import type { CoordinationHealth } from '../coordination/coordination';

/**
 * Whether the bot can receive Slack's requests right now: `connected` (HTTP: listening; Socket
 * Mode: the WebSocket is open), `starting`, `reconnecting` (Socket Mode lost its WebSocket and is
 * getting a new one), `failed` (it gave up; the process is ending) or `stopping`. /healthz answers
 * 200 only when connected, 503 otherwise, with the state and how long it has lasted. It also shows
 * which store the bot runs on (`coordination`: sqlite, or redis with its state and key prefix).
 * Redis being down does not make it 503: lists keep working, only sending is refused meanwhile.
 */
export type ReceiverState = 'starting' | 'connected' | 'reconnecting' | 'failed' | 'stopping';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  mode: 'http' | 'socket';
  state: ReceiverState;
  since: string;
  for_seconds: number;
  detail?: string;
  coordination?: CoordinationHealth;
}

export class ReceiverHealth {
  private current: { state: ReceiverState; since: Date; detail: string | undefined };
  private coordination: { health(): CoordinationHealth } | undefined;

  constructor(
    readonly mode: 'http' | 'socket',
    /** The logs' redaction: the answer is public in HTTP mode, and a failure's detail is error text. */
    private readonly redact: (text: string) => string = (text) => text,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.current = { state: 'starting', since: now(), detail: undefined };
  }

  get state(): ReceiverState {
    return this.current.state;
  }

  /** A repeat of the same state keeps its start time: "reconnecting for 40 s", not "for 0 s". */
  set(state: ReceiverState, detail?: string): void {
    if (state === this.current.state && detail === undefined) return;
    this.current = { state, since: state === this.current.state ? this.current.since : this.now(), detail };
  }

  /** Where the replicas coordinate, reported with every /healthz answer from now on. */
  reportCoordination(source: { health(): CoordinationHealth }): void {
    this.coordination = source;
  }

  report(): HealthReport {
    const { state, since, detail } = this.current;
    return {
      status: state === 'connected' ? 'ok' : 'unavailable',
      mode: this.mode,
      state,
      since: since.toISOString(),
      for_seconds: Math.round((this.now().getTime() - since.getTime()) / 1000),
      ...(detail !== undefined ? { detail } : {}),
      ...(this.coordination ? { coordination: this.coordination.health() } : {}),
    };
  }

  /** The /healthz route. */
  readonly handler = (_req: unknown, res: ServerResponse): void => {
    const report = this.report();
    res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(this.redact(JSON.stringify(report)));
  };
}
