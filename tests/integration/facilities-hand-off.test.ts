import { describe, expect, test } from "vitest";
import { getFacilityHandOff } from "~/domain/social-map";
import { as, ids, setUpFacilitiesWorld } from "./facilities-world";

setUpFacilitiesWorld();

describe("hand-off to a help request", () => {
  test("kind guessed from the category where it fits, text starts with the facility's name", async () => {
    const ctx = await as(null);
    const debt = await getFacilityHandOff({ ctx, input: { id: ids.stale } });
    expect(debt).toMatchObject({ kind: "paperwork", publicTextStart: "Via Schuldhulp Oud: " });
    expect((await getFacilityHandOff({ ctx, input: { id: ids.open } })).kind).toBeNull();
  });
});
