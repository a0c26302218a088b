import { generate, generateSecret } from "otplib";
import { describe, expect, test } from "vitest";
import { totpStep } from "~/domain/accounts/factors.server";

// A fixed clock: the middle of a 30-second step, so ±1 step stays well inside the tolerance.
const at = Date.UTC(2026, 10, 28, 11, 0, 15);
const epoch = Math.floor(at / 1000);
const step = Math.floor(epoch / 30);
const secret = generateSecret();
/** The app's code for `offset` steps away from the clock. */
const codeAt = (offset: number) => generate({ secret, epoch: epoch + offset * 30 });

describe("totpStep", () => {
  test("a code is accepted at its own step and one step either side", async () => {
    expect(await totpStep(secret, await codeAt(0), at)).toBe(step);
    expect(await totpStep(secret, await codeAt(-1), at)).toBe(step - 1);
    expect(await totpStep(secret, await codeAt(1), at)).toBe(step + 1);
  });

  test("a code two steps away is refused", async () => {
    expect(await totpStep(secret, await codeAt(-2), at)).toBeNull();
    expect(await totpStep(secret, await codeAt(2), at)).toBeNull();
  });

  test("at the edges of a step: the first and last second accept the neighbouring step", async () => {
    const start = step * 30 * 1000;
    expect(await totpStep(secret, await codeAt(-1), start)).toBe(step - 1);
    expect(await totpStep(secret, await codeAt(1), start + 29_999)).toBe(step + 1);
  });

  test("afterStep refuses the same step and earlier ones, and accepts a later one", async () => {
    expect(await totpStep(secret, await codeAt(0), at, step)).toBeNull();
    expect(await totpStep(secret, await codeAt(-1), at, step)).toBeNull();
    expect(await totpStep(secret, await codeAt(0), at, step - 1)).toBe(step);
    expect(await totpStep(secret, await codeAt(1), at, step)).toBe(step + 1);
  });

  test("spaces and dashes are forgiven; anything but 6 digits is refused", async () => {
    const code = await codeAt(0);
    expect(await totpStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at)).toBe(step);
    expect(await totpStep(secret, `${code.slice(0, 3)}-${code.slice(3)}`, at)).toBe(step);
    for (const bad of ["", "12345", "1234567", "12a456", "abcdef", `${code}0`, `${code.slice(0, 5)}x`]) {
      expect(await totpStep(secret, bad, at)).toBeNull();
    }
  });

  test("a code for another secret is refused", async () => {
    const other = await generate({ secret: generateSecret(), epoch });
    const own = await codeAt(0);
    if (other !== own) expect(await totpStep(secret, other, at)).toBeNull();
  });
});
