/**
 * Paces calls to the email provider: a token bucket that holds one token and refills at
 * `ratePerSecond`, so consecutive calls are at least 1000 / rate ms apart and no window of one
 * second ever holds more than `rate` calls (Resend allows 2 per second per team).
 *
 * A 429 from the provider means our pace and theirs disagree (another sender on the same team,
 * clock jitter): `slowDown` waits out retry-after and halves the pace; each later successful call
 * wins back a tenth of the configured rate (AIMD, as TCP does), never above the configured rate.
 */
export interface SendRateOptions {
  ratePerSecond: number;
  /** The pace never drops below this fraction of `ratePerSecond`. */
  minFraction?: number;
  /**
   * Extra gap between calls. Calls leave exactly 1000 / rate ms apart, but arrive with network and
   * event-loop jitter; a few ms early is enough for the provider to count `rate + 1` in a second.
   */
  marginMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SendRate {
  /** Resolves when one more provider call may be made now. Calls queue in order. */
  take(): Promise<void>;
  /** The provider answered 429: pause for `retryAfterMs` and halve the pace. */
  slowDown(retryAfterMs: number): void;
  /** A call went through: recover some of the pace lost to earlier 429s. */
  succeeded(): void;
  /** The pace in calls per second right now. */
  readonly currentRate: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSendRate(options: SendRateOptions): SendRate {
  const { ratePerSecond, minFraction = 0.1, marginMs = 0, now = Date.now, sleep = realSleep } = options;
  if (!(ratePerSecond > 0)) throw new Error("ratePerSecond must be positive");
  const floor = ratePerSecond * minFraction;
  let rate = ratePerSecond;
  /** When the next call may start. */
  let nextAt = -Infinity;
  let queue: Promise<void> = Promise.resolve();

  async function wait() {
    // Re-check after every sleep: a 429 seen meanwhile may have pushed `nextAt` further out.
    for (let at = now(); at < nextAt; at = now()) await sleep(nextAt - at);
    nextAt = now() + 1000 / rate + marginMs;
  }

  return {
    take() {
      const turn = queue.then(wait);
      queue = turn.catch(() => {});
      return turn;
    },
    slowDown(retryAfterMs) {
      rate = Math.max(floor, rate / 2);
      nextAt = Math.max(nextAt, now() + Math.max(retryAfterMs, 1000 / rate));
    },
    succeeded() {
      rate = rate + ratePerSecond / 10;
      // Snap to the configured rate instead of stopping a float's hair short of it.
      if (rate > ratePerSecond * 0.999) rate = ratePerSecond;
    },
    get currentRate() {
      return rate;
    },
  };
}
