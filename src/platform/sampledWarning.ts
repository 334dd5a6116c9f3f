import type { Fields, Logger } from '../util/log';

/**
 * One log line per interval for a flood of alike events (refused requests), carrying how many
 * were left out since the last line, so a flood cannot turn into a flood of log lines.
 */
export class SampledWarning {
  private lastAt = -Infinity;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly msg: string,
    private readonly intervalMs = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  warn(fields: Fields): void {
    const now = this.clock();
    if (now - this.lastAt < this.intervalMs) {
      this.suppressed += 1;
      return;
    }
    this.logger.warn(this.msg, { ...fields, suppressed_since_last: this.suppressed });
    this.lastAt = now;
    this.suppressed = 0;
  }
}
