import { describe, expect, test } from "vitest";
import { can, isElevated, rolesOf, type Actor } from "~/domain/permissions";

const resident: Actor = {
  userId: 1,
  name: "Anna",
  email: "anna@example.org",
  locale: "nl",
  timeZone: "Europe/Amsterdam",
  neighbourhoodId: 10,
  isAdmin: false,
  isVolunteer: false,
  coordinatorOf: [],
  memberships: [],
};
const member: Actor = { ...resident, userId: 2, memberships: [{ organisationId: 5, role: "member" }] };
const orgAdmin: Actor = { ...resident, userId: 3, memberships: [{ organisationId: 5, role: "admin" }] };
const coordinator: Actor = { ...resident, userId: 4, coordinatorOf: [10, 11] };
const admin: Actor = { ...resident, userId: 5, isAdmin: true };
const volunteer: Actor = { ...resident, userId: 6, isVolunteer: true };

describe("permissions", () => {
  test("coordinating is per neighbourhood; admins may everywhere; nobody anonymous", () => {
    expect(can.coordinateNeighbourhood(coordinator, 11)).toBe(true);
    expect(can.coordinateNeighbourhood(coordinator, 12)).toBe(false);
    expect(can.coordinateNeighbourhood(admin, 12)).toBe(true);
    expect(can.coordinateNeighbourhood(resident, 10)).toBe(false);
    expect(can.coordinateNeighbourhood(null, 10)).toBe(false);
  });

  test("organisation content: members post, only admins of that organisation manage", () => {
    expect(can.postForOrganisation(member, 5)).toBe(true);
    expect(can.postForOrganisation(member, 6)).toBe(false);
    expect(can.manageOrganisation(member, 5)).toBe(false);
    expect(can.manageOrganisation(orgAdmin, 5)).toBe(true);
    expect(can.manageOrganisation(orgAdmin, 6)).toBe(false);
    expect(can.manageOrganisation(admin, 6)).toBe(true);
  });

  test("administering and approving organisations", () => {
    expect(can.administer(admin)).toBe(true);
    expect(can.administer(coordinator)).toBe(false);
    expect(can.approveOrganisations(coordinator)).toBe(true);
    expect(can.approveOrganisations(orgAdmin)).toBe(false);
  });

  test("roles for navigation and shorter sessions for elevated roles", () => {
    expect(rolesOf(null)).toEqual([]);
    expect(rolesOf(resident)).toEqual(["resident"]);
    expect(rolesOf(volunteer)).toEqual(["resident", "volunteer"]);
    expect(rolesOf(member)).toEqual(["resident", "organisation-member"]);
    expect(rolesOf(coordinator)).toEqual(["resident", "coordinator"]);
    expect(rolesOf(admin)).toEqual(["resident", "admin"]);
    expect(isElevated(resident)).toBe(false);
    expect(isElevated(member)).toBe(false);
    expect(isElevated(coordinator)).toBe(true);
    expect(isElevated(admin)).toBe(true);
  });
});
