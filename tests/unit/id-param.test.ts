import { describe, expect, it } from "vitest";
import { idParam } from "~/web/request.server";

async function statusOf(value: string | undefined): Promise<{ status: number; body: string } | number> {
  try {
    return idParam(value);
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { status: thrown.status, body: await thrown.text() };
  }
}

describe("idParam", () => {
  it("reads a plain positive whole number", async () => {
    expect(await statusOf("7")).toBe(7);
    expect(await statusOf("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([undefined, "", "abc", "NaN", "1e3", "-1", "0", "07", "7.0", "9007199254740993", " 7", "7 ", "0x7"])(
    "answers %j with the same 404 as a missing record",
    async (value) => {
      expect(await statusOf(value)).toEqual({ status: 404, body: "errors.notFound" });
    },
  );
});
