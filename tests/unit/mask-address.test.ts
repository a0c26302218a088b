import { describe, expect, test } from "vitest";
import { maskAddressForDisplay } from "~/domain/accounts/mask-address";

describe("maskAddressForDisplay", () => {
  test.each([
    ["marie@example.org", "m•••••@example.org"],
    ["m@example.org", "m•••••@example.org"],
    ["a.very.long.name+tag@sub.example.nl", "a•••••@sub.example.nl"],
    ["odd@name@example.org", "o•••••@example.org"],
    ["no-at-sign", "•••••"],
    ["@example.org", "•••••"],
    ["", "•••••"],
  ])("%s → %s", (address, masked) => {
    expect(maskAddressForDisplay(address)).toBe(masked);
  });

  test("the length of the local part does not show", () => {
    expect(maskAddressForDisplay("ab@x.nl").length).toBe(maskAddressForDisplay("abcdefghij@x.nl").length);
  });
});
