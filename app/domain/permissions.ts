import { Forbidden, NotFound, Unauthenticated } from "./errors";

/** Who is acting, with every grant that permissions depend on. Loaded once per request. */
export interface Actor {
  userId: number;
  name: string;
  email: string;
  locale: "nl" | "en";
  timeZone: string;
  neighbourhoodId: number;
  isAdmin: boolean;
  /** Has a volunteer profile (offers help, takes shifts). */
  isVolunteer: boolean;
  /** Neighbourhood ids this person coordinates. */
  coordinatorOf: readonly number[];
  memberships: readonly { organisationId: number; role: "member" | "admin" }[];
  /**
   * The second factor of the web session this actor comes from (absent for actors loaded outside a
   * session: the command line and domain tests). While it is not "verified", a staff member's
   * coordinator and admin grants are left out (`isAdmin` false, `coordinatorOf` empty), so every
   * path to care data and administration refuses them, whatever the route.
   */
  secondFactor?: SecondFactorState;
}

export interface SecondFactorState {
  /**
   * - "verified": this session proved a second factor at `at`;
   * - "needed": the person has a factor but this session has not proved it yet;
   * - "enrol": a staff member without any factor: they must add one first;
   * - "off": no factor and no staff role: nothing is asked.
   */
  status: "verified" | "needed" | "enrol" | "off";
  at: number | null;
  /** Holds a role that reads care data or administers, even while it waits for the second factor. */
  staff: boolean;
}

export type Role = "resident" | "volunteer" | "coordinator" | "admin" | "organisation-member";

/** Roles shown in navigation; permission checks below work on the specific record instead. */
export function rolesOf(actor: Actor | null): Role[] {
  if (!actor) return [];
  const roles: Role[] = ["resident"];
  if (actor.isVolunteer) roles.push("volunteer");
  if (actor.memberships.length > 0) roles.push("organisation-member");
  if (actor.coordinatorOf.length > 0) roles.push("coordinator");
  if (actor.isAdmin) roles.push("admin");
  return roles;
}

/**
 * Coordinators and admins read care data or administer: their sessions time out sooner and they
 * must prove a second factor (docs/security.md).
 */
export function isElevated(actor: Pick<Actor, "isAdmin" | "coordinatorOf">): boolean {
  return actor.isAdmin || actor.coordinatorOf.length > 0;
}

export const can = {
  administer: (actor: Actor | null) => !!actor?.isAdmin,
  coordinateNeighbourhood: (actor: Actor | null, neighbourhoodId: number) =>
    !!actor && (actor.isAdmin || actor.coordinatorOf.includes(neighbourhoodId)),
  coordinateAnywhere: (actor: Actor | null) => !!actor && (actor.isAdmin || actor.coordinatorOf.length > 0),
  manageOrganisation: (actor: Actor | null, organisationId: number) =>
    !!actor && (actor.isAdmin || actor.memberships.some((m) => m.organisationId === organisationId && m.role === "admin")),
  postForOrganisation: (actor: Actor | null, organisationId: number) =>
    !!actor && (actor.isAdmin || actor.memberships.some((m) => m.organisationId === organisationId)),
  approveOrganisations: (actor: Actor | null) => !!actor && (actor.isAdmin || actor.coordinatorOf.length > 0),
  /** Signals: every coordinator of the municipality reads them; changing one needs its neighbourhood (or it is municipality-wide). */
  editSignal: (actor: Actor | null, signal: { neighbourhoodId: number | null }) =>
    !!actor &&
    (actor.isAdmin ||
      (actor.coordinatorOf.length > 0 && (signal.neighbourhoodId === null || actor.coordinatorOf.includes(signal.neighbourhoodId)))),
  // Social map: coordinators of the location's neighbourhood and admins keep an entry; members of
  // the linked Noaber organisation may keep its status current (waiting time, capacity, hours, verify).
  editFacility: (actor: Actor | null, facility: { neighbourhoodId: number }) =>
    can.coordinateNeighbourhood(actor, facility.neighbourhoodId),
  updateFacilityStatus: (actor: Actor | null, facility: { neighbourhoodId: number; organisationId: number | null }) =>
    can.editFacility(actor, facility) ||
    (!!actor && facility.organisationId !== null && actor.memberships.some((m) => m.organisationId === facility.organisationId)),
  /** A link between two facilities may be recorded by a coordinator of either end. */
  recordCooperation: (actor: Actor | null, from: { neighbourhoodId: number }, to: { neighbourhoodId: number }) =>
    can.editFacility(actor, from) || can.editFacility(actor, to),
};

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new Unauthenticated();
  return actor;
}

/** For a role page that names no record (/coordinator, /admin): a 403 tells nothing about any record. */
export function ensure(allowed: boolean): asserts allowed {
  if (!allowed) throw new Forbidden();
}

/**
 * For a record someone named (an id or slug in the path or the form): whoever may not see it or
 * act on it gets "not found", exactly as when it does not exist, so the answer never tells whether
 * it does (decision 028).
 */
export function ensureFound(allowed: boolean): asserts allowed {
  if (!allowed) throw new NotFound();
}

/** The same for a check that throws: a Forbidden about a named record becomes NotFound. */
export async function hideForbidden<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Forbidden) throw new NotFound();
    throw error;
  }
}
