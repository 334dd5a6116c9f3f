import type { RequestListener } from 'node:http';

export interface PostAckLimits {
  /** Most requests doing their work after the ack at once; the others wait their turn. */
  concurrency: number;
  /** Longest a request's work waits while other requests are being acknowledged. */
  maxDeferMs: number;
  /** How long after the last request arrived the bot counts as quiet (a burst's next request is usually that close). */
  quietMs: number;
}

/** Four at a time keeps a burst's memory flat; half a second is nothing next to a response_url's 30 minutes. */
export const defaultPostAckLimits: PostAckLimits = { concurrency: 4, maxDeferMs: 500, quietMs: 2 };

interface Waiter {
  since: number;
  start: () => void;
}

/**
 * Acks first. Slack gives an ack 3 s and a response_url 30 minutes, so what a command or a click
 * renders and delivers after its ack waits its turn (its Vultr work does not: a list walk is shared
 * by everyone who asks meanwhile, and holding it back would start more walks): at most
 * `concurrency` at once (a burst of 100 commands does not hold 100 lists in memory), and none
 * starts while another request is being acknowledged or one arrived in the last `quietMs`
 * (a burst is still coming in), unless it has waited `maxDeferMs`
 * (a steady stream of requests cannot starve it). Turns are taken in arrival order.
 */
export class PostAckQueue {
  private acknowledging = 0;
  private lastArrivalMs = Number.NEGATIVE_INFINITY;
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly limits: PostAckLimits = defaultPostAckLimits,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Wraps the HTTP listener: a request counts as being acknowledged until its response is done. */
  counting(listener: RequestListener): RequestListener {
    return (req, res) => {
      this.acknowledging++;
      this.lastArrivalMs = this.nowMs();
      res.once('close', () => {
        this.acknowledging--;
        this.pump();
      });
      listener(req, res);
    };
  }

  /** Resolves when the head of the queue may run, with the function that ends its turn. */
  private turn(): Promise<() => void> {
    return new Promise((resolve) => {
      this.waiting.push({
        since: this.nowMs(),
        start: () => {
          let ended = false;
          resolve(() => {
            if (ended) return;
            ended = true;
            this.running--;
            this.pump();
          });
        },
      });
      this.pump();
    });
  }

  /** `work` in its turn (after the ack that precedes it), the turn ended however the work ends. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const end = await this.turn();
    try {
      return await work();
    } finally {
      end();
    }
  }

  private pump(): void {
    while (this.running < this.limits.concurrency && this.waiting.length > 0) {
      const first = this.waiting[0] as Waiter;
      const now = this.nowMs();
      const waitedMs = now - first.since;
      const quietInMs = this.acknowledging > 0 ? Number.POSITIVE_INFINITY : this.lastArrivalMs + this.limits.quietMs - now;
      if (quietInMs > 0 && waitedMs < this.limits.maxDeferMs) {
        this.wakeAfter(Math.min(quietInMs, this.limits.maxDeferMs - waitedMs));
        return;
      }
      this.waiting.shift();
      this.running++;
      first.start();
    }
  }

  /** One timer, for the soonest moment the head of the queue may start (a close may bring it closer). */
  private wakeAfter(ms: number): void {
    const at = this.nowMs() + ms;
    if (this.timer && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, ms);
    this.timer.unref();
  }
}
