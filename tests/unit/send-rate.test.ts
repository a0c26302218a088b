import { describe, expect, it } from "vitest";
import { createMemorySendSlots, createSendRate, type SendSlots } from "~/server/send-rate.server";

function fakeClock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** The most calls that started in any window of `windowMs` (half-open), as the provider counts. */
function mostInAnyWindow(at: number[], windowMs = 1000) {
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (j < at.length && at[j]! < at[i]! + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe("send rate (sliding window)", () => {
  it("lets `rate` calls start together, then the next ones one window after each", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, ...clock });
    const at: number[] = [];
    for (let i = 0; i < 5; i++) {
      await rate.take();
      at.push(clock.now() - 1_000_000);
    }
    expect(at).toEqual([0, 0, 1000, 1000, 2000]);
    expect(mostInAnyWindow(at)).toBe(2);
  });

  it("never lets more than `rate` calls start in any second, however the calls are spread", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, marginMs: 15, ...clock });
    const at: number[] = [];
    // Work between calls of 0 to 1300 ms, in a fixed irregular pattern.
    const work = [0, 300, 10, 990, 1300, 0, 0, 450, 700, 5, 1000, 20];
    for (const ms of work) {
      clock.advance(ms);
      await rate.take();
      at.push(clock.now() - 1_000_000);
    }
    expect(mostInAnyWindow(at)).toBe(2);
    // A call waits only for the slot that comes free first: each third call starts one window
    // (plus margin) after the first of the two before it, or later when the work took longer.
    for (let i = 2; i < at.length; i++) expect(at[i]! - at[i - 2]!).toBeGreaterThanOrEqual(1015);
    expect(at.slice(0, 4)).toEqual([0, 300, 1015, 2005]);
  });

  it("a slot's hold starts when the slots are locked, so waiting for the lock never lets a call in early", async () => {
    const clock = fakeClock();
    const memory = createMemorySendSlots(2);
    // The first reservation waits 50 ms for the lock (another worker's write); the others do not.
    const lockWaits = [50];
    const slots: SendSlots = {
      reserve: async (read, holdMs) => {
        clock.advance(lockWaits.shift() ?? 0);
        return memory.reserve(read, holdMs);
      },
      block: (until) => memory.block(until),
    };
    const rate = createSendRate({ ratePerSecond: 2, slots, ...clock });
    const at: number[] = [];
    for (let i = 0; i < 6; i++) {
      await rate.take();
      at.push(clock.now() - 1_000_000);
    }
    // Had the hold started before the wait (at 0), the third call would leave at 1000, with the first
    // (left at 50) still in its second: three calls in [50, 1050).
    expect(at).toEqual([50, 50, 1050, 1050, 2050, 2050]);
    expect(mostInAnyWindow(at)).toBe(2);
  });

  it("does not wait when calls are already slower than the rate", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, ...clock });
    await rate.take();
    await rate.take();
    clock.advance(2000);
    const before = clock.now();
    await rate.take();
    expect(clock.now()).toBe(before);
  });

  it("serves concurrent callers in order, `rate` per window", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, ...clock });
    const order: [number, number][] = [];
    await Promise.all([1, 2, 3, 4, 5].map((n) => rate.take().then(() => order.push([n, clock.now() - 1_000_000]))));
    expect(order).toEqual([
      [1, 0],
      [2, 0],
      [3, 1000],
      [4, 1000],
      [5, 2000],
    ]);
  });

  it("after a 429 waits out retry-after, halves the pace, and wins it back call by call", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, ...clock });
    await rate.take();
    await rate.slowDown(5000);
    expect(rate.currentRate).toBe(1);
    const at: number[] = [];
    for (let i = 0; i < 4; i++) {
      await rate.take();
      at.push(clock.now() - 1_000_000);
    }
    // Nothing before retry-after; then 2 calls per 2 seconds, half the pace.
    expect(at).toEqual([5000, 5000, 7000, 7000]);
    for (let i = 0; i < 5; i++) rate.succeeded();
    expect(rate.currentRate).toBe(2);
    rate.succeeded();
    expect(rate.currentRate).toBe(2);
  });

  it("a 429 blocks every slot, also one that was free", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, ...clock });
    await rate.take();
    await rate.slowDown(1000);
    await rate.take();
    expect(clock.now() - 1_000_000).toBe(1000);
  });

  it("adds the margin to each window", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, marginMs: 20, ...clock });
    const at: number[] = [];
    for (let i = 0; i < 5; i++) {
      await rate.take();
      at.push(clock.now() - 1_000_000);
    }
    expect(at).toEqual([0, 0, 1020, 1020, 2040]);
  });

  it("a fractional rate rounds the slots down: 2.5 per second is at most 2 calls in any second", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2.5, ...clock });
    const at: number[] = [];
    for (let i = 0; i < 6; i++) {
      await rate.take();
      at.push(clock.now() - 1_000_000);
    }
    expect(mostInAnyWindow(at)).toBe(2);
  });

  it("below one call a second, one slot held for longer", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 0.5, ...clock });
    const at: number[] = [];
    for (let i = 0; i < 3; i++) {
      await rate.take();
      at.push(clock.now() - 1_000_000);
    }
    expect(at).toEqual([0, 2000, 4000]);
  });

  it("never drops below its floor", () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, minFraction: 0.25, ...clock });
    for (let i = 0; i < 10; i++) void rate.slowDown(0);
    expect(rate.currentRate).toBe(0.5);
  });

  it("refuses a rate that is not positive", () => {
    expect(() => createSendRate({ ratePerSecond: 0 })).toThrow();
  });
});
