// The shape of "download my data" (exportMyData in data-export.server.ts), documented key by key in
// docs/privacy.md ("Your data as JSON"). Stable: keys are added, never renamed or removed without a
// new `version`. Dates (Iso) are ISO 8601 with the offset of the person's own time zone.

/** ISO 8601 with offset, e.g. "2026-11-28T10:00:00+01:00". */
export type Iso = string;

/** Who recorded or withdrew a consent: the person themself, or someone else on their behalf (a coordinator). */
export type ConsentActor = "self" | "coordinator";

export interface MyDataExport {
  format: "noaber-data-export";
  version: 1;
  exportedAt: Iso;
  account: {
    name: string;
    email: string;
    phone: string | null;
    postcode: string;
    neighbourhood: string;
    locale: "nl" | "en";
    timeZone: string;
    createdAt: Iso;
    roles: { role: "coordinator" | "admin"; neighbourhood: string | null; grantedAt: Iso }[];
  };
  /** Consent history: given, and perhaps withdrawn; others are named by role only (docs/privacy.md). */
  consents: {
    purpose: string;
    version: string;
    givenAt: Iso;
    recordedBy: ConsentActor;
    withdrawnAt: Iso | null;
    withdrawnBy: ConsentActor | null;
  }[];
  volunteerProfile: {
    skills: { slug: string; kind: string; name: string }[];
    tags: string[];
    languages: string[];
    availability: { weekday: number; startTime: string; endTime: string }[];
    unavailableDates: { date: string; note: string | null }[];
    travelRange: string;
    vogStatus: string;
    vogValidUntil: string | null;
    pausedUntil: string | null;
    maxHoursPerMonth: number | null;
    updatedAt: Iso;
  } | null;
  signups: {
    id: number;
    activity: string;
    organisation: string;
    sessionStartsAt: Iso;
    sessionEndsAt: Iso;
    sessionStatus: string;
    shift: { role: string; startsAt: Iso; endsAt: Iso } | null;
    status: string;
    createdAt: Iso;
    promotedAt: Iso | null;
    cancelledAt: Iso | null;
    cancelledBy: string | null;
    confirmedAt: Iso | null;
    attendance: string | null;
    minutes: number | null;
  }[];
  hours: { year: string; shiftMinutes: number; helpMinutes: number; totalMinutes: number }[];
  careRecipients: {
    id: number;
    firstName: string;
    birthYear: number | null;
    neighbourhood: string;
    notesForHelpers: string;
    createdAt: Iso;
  }[];
  helpRequests: {
    id: number;
    relation: "requester" | "carer";
    careRecipientId: number | null;
    contact: { name: string | null; phone: string | null; email: string | null } | null;
    kind: string;
    status: string;
    urgency: string;
    neighbourhood: string;
    address: string;
    requiresVog: boolean;
    language: string | null;
    publicText: string;
    careDetails: string;
    weekly: boolean;
    helperFirstName: string | null;
    matchedAt: Iso | null;
    endedAt: Iso | null;
    endReason: string | null;
    createdAt: Iso;
    updatedAt: Iso;
    windows: { startsAt: Iso; endsAt: Iso }[];
    sessions: HelpSessionEntry[];
    /** Every status change: `by` is "you" when they made it, "other" for anyone else (never named). */
    history: { from: string | null; to: string; by: "you" | "other"; note: string | null; at: Iso }[];
    feedbackGiven: string | null;
  }[];
  helping: {
    requests: {
      requestId: number;
      kind: string;
      status: string;
      neighbourhood: string;
      matchedAt: Iso | null;
      endedAt: Iso | null;
      sessions: HelpSessionEntry[];
      feedbackGiven: string | null;
    }[];
    invitations: { requestId: number; kind: string; status: string; createdAt: Iso; respondedAt: Iso | null }[];
  };
  careAccessLog: { requestId: number; viewer: string | null; fields: string[]; purpose: string; at: Iso }[];
  emails: { template: string; status: string; createdAt: Iso; sentAt: Iso | null }[];
  sessions: { createdAt: Iso; lastSeenAt: Iso; device: string | null; secondFactorMethod: string | null }[];
  securityLog: { kind: string; at: Iso; detail: string | null; byOther: boolean }[];
  organisations: { name: string; slug: string; role: "member" | "admin"; since: Iso }[];
  notificationSettings: {
    dayBeforeAt: string | null;
    hoursBefore: number | null;
    afterSession: boolean;
    digest: boolean;
    circleUpdates: boolean;
    messages: boolean;
    updatedAt: Iso | null;
  };
  calendarFeed: { exists: boolean; createdAt: Iso | null };
  secondFactor: {
    passkeys: { name: string; createdAt: Iso; lastUsedAt: Iso | null }[];
    authenticatorApp: "on" | "pending" | "off";
    recoveryCodesLeft: number;
  };
  emailChanges: { newEmail: string; createdAt: Iso; expiresAt: Iso; usedAt: Iso | null }[];
  initiativeInterests: { initiative: string; organisation: string; createdAt: Iso }[];
  /** Care circles they are or were in, with what they did and wrote there (never others' posts). */
  circles: {
    name: string;
    memberships: { role: string; joinedAt: Iso; leftAt: Iso | null; leftReason: string | null }[];
    tasksTaken: { kind: string; title: string; startsAt: Iso; endsAt: Iso; claimedAt: Iso; releasedAt: Iso | null; assigned: boolean }[];
    updatesWritten: { body: string; createdAt: Iso }[];
    messagesWritten: { body: string; createdAt: Iso }[];
  }[];
  /** Invitations to a care circle sent to their address (never the link). */
  circleInvitations: { role: string; status: string; createdAt: Iso; expiresAt: Iso }[];
  /** Messages they wrote in the conversations of help requests. */
  requestMessages: { requestId: number; body: string; createdAt: Iso }[];
  /** Who saw the care details of circles around a person they care for. */
  circleAccessLog: { circle: string; viewer: string | null; fields: string[]; at: Iso }[];
}

export interface HelpSessionEntry {
  startsAt: Iso;
  endsAt: Iso;
  status: string;
  cancelReason: string | null;
  comingConfirmedAt: Iso | null;
  confirmedAt: Iso | null;
  minutes: number | null;
}
