import { describe, expect, it } from "vitest";
import { createSendRate } from "~/server/send-rate.server";

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

describe("send rate (token bucket)", () => {
  it("lets calls through at most `rate` per second, the first at once", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, ...clock });
    const at: number[] = [];
    for (let i = 0; i < 5; i++) {
      await rate.take();
      at.push(clock.now() - 1_000_000);
    }
    expect(at).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it("does not wait when calls are already slower than the rate", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, ...clock });
    await rate.take();
    clock.advance(2000);
    const before = clock.now();
    await rate.take();
    expect(clock.now()).toBe(before);
  });

  it("serves concurrent callers one at a time, in order", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 4, ...clock });
    const order: [number, number][] = [];
    await Promise.all([1, 2, 3].map((n) => rate.take().then(() => order.push([n, clock.now() - 1_000_000]))));
    expect(order).toEqual([
      [1, 0],
      [2, 250],
      [3, 500],
    ]);
  });

  it("after a 429 waits out retry-after, halves the pace, and wins it back call by call", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, ...clock });
    await rate.take();
    rate.slowDown(5000);
    expect(rate.currentRate).toBe(1);
    await rate.take();
    expect(clock.now() - 1_000_000).toBe(5000);
    await rate.take();
    expect(clock.now() - 1_000_000).toBe(6000);
    for (let i = 0; i < 5; i++) rate.succeeded();
    expect(rate.currentRate).toBe(2);
    rate.succeeded();
    expect(rate.currentRate).toBe(2);
  });

  it("leaves the margin between calls on top of the rate's spacing", async () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, marginMs: 50, ...clock });
    const at: number[] = [];
    for (let i = 0; i < 3; i++) {
      await rate.take();
      at.push(clock.now() - 1_000_000);
    }
    expect(at).toEqual([0, 550, 1100]);
  });

  it("never drops below its floor", () => {
    const clock = fakeClock();
    const rate = createSendRate({ ratePerSecond: 2, minFraction: 0.25, ...clock });
    for (let i = 0; i < 10; i++) rate.slowDown(0);
    expect(rate.currentRate).toBe(0.5);
  });

  it("refuses a rate that is not positive", () => {
    expect(() => createSendRate({ ratePerSecond: 0 })).toThrow();
  });
});
