import { describe, expect, it } from "vitest";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { createJsonLogger, errorForLog, maskEmail, redactPath } from "~/server/logger.server";

describe("maskEmail", () => {
  it.each(["anna.devries@example.nl", "j@x.org", "info@sv-hoflanden.example.org", "first.last+tag@mail.co.uk", "ab@cd"])(
    "never shows the whole local part or domain of %s",
    (address) => {
      const masked = maskEmail(address);
      const at = address.lastIndexOf("@");
      const local = address.slice(0, at);
      const domain = address.slice(at + 1);
      expect(masked).not.toContain(address);
      expect(masked).toContain("***");
      if (local.length > 1) expect(masked).not.toContain(local);
      const domainName = domain.includes(".") ? domain.slice(0, domain.lastIndexOf(".")) : domain;
      if (domainName.length > 1) expect(masked).not.toContain(domainName);
      expect(masked).not.toContain(domain.length > 1 ? domain : "\u0000");
    },
  );

  it("keeps just enough to tell addresses apart", () => {
    expect(maskEmail("anna.devries@example.nl")).toBe("a***@e***.nl");
    expect(maskEmail("bram@hoflanden.org")).toBe("b***@h***.org");
  });

  it("masks something that is not an address completely", () => {
    expect(maskEmail("no-at-sign")).toBe("***");
    expect(maskEmail("@example.nl")).toBe("***");
  });
});

describe("redactPath", () => {
  it("drops the query string, which can hold sign-in tokens", () => {
    expect(redactPath("/login/verify?token=abc")).toBe("/login/verify");
    expect(redactPath("/activities?page=2&q=koffie")).toBe("/activities");
  });

  it("replaces long token-like segments", () => {
    const token = "A".repeat(20) + "b_c-d".repeat(4) + "xyz"; // 43 characters, like randomToken()
    expect(token).toHaveLength(43);
    const redacted = redactPath(`/calendar/${token}.ics`);
    expect(redacted).toBe("/calendar/[redacted]");
    expect(redacted).not.toContain(token);
    expect(redactPath(`/s/${token}/confirm?x=1`)).toBe("/s/[redacted]/confirm");
  });

  it("replaces signed tokens shaped body.signature and every token after a token route, in any spelling", () => {
    const signed = "eyJrIjoicyIsImkiOjEyLCJ1Ijo0fQ.Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA";
    expect(redactPath(`/reminders/${signed}`)).toBe("/reminders/[redacted]");
    expect(redactPath(`/unsubscribe/${signed}?x=1`)).toBe("/unsubscribe/[redacted]");
    expect(redactPath(`/Reminders/${signed}.data`)).toBe("/Reminders/[redacted]");
    expect(redactPath("/unsubscribe/short.token")).toBe("/unsubscribe/[redacted]");
    expect(redactPath("/invitations/abc")).toBe("/invitations/[redacted]");
    expect(redactPath("/me/email/abc.data")).toBe("/me/email/[redacted]");
    expect(redactPath("/calendar/x.ics")).toBe("/calendar/[redacted]");
    expect(redactPath(`/s/${signed}/confirm`)).toBe("/s/[redacted]/confirm");
  });

  it("keeps ordinary paths", () => {
    expect(redactPath("/activities/12")).toBe("/activities/12");
    expect(redactPath("/")).toBe("/");
    expect(redactPath("/organisations/sv-hoflanden/edit")).toBe("/organisations/sv-hoflanden/edit");
  });
});

describe("errorForLog", () => {
  it("logs a failed query with its SQL and the database's reason, never its parameters", () => {
    const cause = new Error("SQLITE_CONSTRAINT: CHECK constraint failed: help_request_who");
    const error = new DrizzleQueryError(
      "insert into help_request (care_details, address) values (?, ?)",
      ["Heeft dementie", "Kerkstraat 1"],
      cause,
    );
    const logged = errorForLog(error);
    expect(error.message).toContain("Heeft dementie");
    expect(logged).toContain("insert into help_request");
    expect(logged).toContain("CHECK constraint failed: help_request_who");
    expect(logged).not.toContain("Heeft dementie");
    expect(logged).not.toContain("Kerkstraat");
  });

  it("keeps the name, message and first stack frames of other errors", () => {
    const logged = errorForLog(new TypeError("x is not a function"));
    expect(logged).toMatch(/^TypeError: x is not a function\n\s+at /);
    expect(errorForLog("plain")).toBe("plain");
  });
});

describe("createJsonLogger", () => {
  it("writes one JSON line per event with level, message and fields", () => {
    const lines: string[] = [];
    createJsonLogger((line) => lines.push(line)).log("warn", "email retry scheduled", { outboxId: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", msg: "email retry scheduled", outboxId: 3 });
  });
});
