import { describe, expect, it } from "vitest";
import { createKeyring, randomToken, sha256 } from "~/domain/keyring.server";

const SECRET_A = "secret-a-".padEnd(40, "a");
const SECRET_B = "secret-b-".padEnd(40, "b");

/** Flips one character of a base64url string so it stays well-formed but changes the bytes. */
function flip(part: string, index = 0): string {
  const c = part[index]!;
  return part.slice(0, index) + (c === "A" ? "B" : "A") + part.slice(index + 1);
}

describe("keyring", () => {
  it("refuses an empty list of secrets", () => {
    expect(() => createKeyring([])).toThrow();
  });

  it("seals and opens a JSON value", () => {
    const keys = createKeyring([SECRET_A]);
    const value = { link: "http://localhost:3000/login/verify?token=abc", code: "K7M2QX", n: 3, nested: [true, null] };
    const sealed = keys.seal(value);
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(sealed).not.toContain("K7M2QX");
    expect(sealed).not.toContain("token=abc");
    expect(keys.open(sealed)).toEqual(value);
  });

  it("uses a fresh IV each time: the same value seals differently", () => {
    const keys = createKeyring([SECRET_A]);
    const first = keys.seal({ code: "X" });
    const second = keys.seal({ code: "X" });
    expect(first).not.toBe(second);
    expect(keys.open(first)).toEqual(keys.open(second));
  });

  it("refuses a tampered sealed value (body, tag or IV)", () => {
    const keys = createKeyring([SECRET_A]);
    const sealed = keys.seal({ code: "K7M2QX", link: "http://localhost/x" });
    const [version, iv, body, tag] = sealed.split(".") as [string, string, string, string];
    expect(() => keys.open([version, iv, flip(body, 2), tag].join("."))).toThrow(/cannot be opened/);
    expect(() => keys.open([version, iv, body, flip(tag, 1)].join("."))).toThrow(/cannot be opened/);
    expect(() => keys.open([version, flip(iv, 0), body, tag].join("."))).toThrow(/cannot be opened/);
    expect(() => keys.open(`v2.${iv}.${body}.${tag}`)).toThrow(/Unknown sealed format/);
    expect(() => keys.open("garbage")).toThrow(/Unknown sealed format/);
  });

  it("does not open a value sealed with an unrelated secret", () => {
    const sealed = createKeyring([SECRET_A]).seal({ code: "X" });
    expect(() => createKeyring([SECRET_B]).open(sealed)).toThrow(/cannot be opened/);
  });

  it("hash is deterministic, keyed, and differs from a plain sha256", () => {
    const a = createKeyring([SECRET_A]);
    expect(a.hash("token")).toBe(a.hash("token"));
    expect(a.hash("token")).not.toBe(a.hash("token2"));
    expect(a.hash("token")).not.toBe(createKeyring([SECRET_B]).hash("token"));
    expect(a.hash("token")).not.toBe(sha256("token"));
  });

  describe("rotation: keyring [B, A] after A", () => {
    const before = createKeyring([SECRET_A]);
    const rotated = createKeyring([SECRET_B, SECRET_A]);

    it("opens values sealed with the old secret and seals new ones with the new secret", () => {
      const old = before.seal({ code: "OLD" });
      expect(rotated.open(old)).toEqual({ code: "OLD" });
      const fresh = rotated.seal({ code: "NEW" });
      expect(createKeyring([SECRET_B]).open(fresh)).toEqual({ code: "NEW" });
      expect(() => before.open(fresh)).toThrow();
    });

    it("finds a hash made with the old secret among hashes(), and hashes with the new secret", () => {
      const oldHash = before.hash("link-token");
      expect(rotated.hashes("link-token")).toContain(oldHash);
      expect(rotated.hashes("link-token")).toHaveLength(2);
      expect(rotated.hash("link-token")).toBe(createKeyring([SECRET_B]).hash("link-token"));
      expect(rotated.hash("link-token")).not.toBe(oldHash);
      expect(rotated.hashes("link-token")[0]).toBe(rotated.hash("link-token"));
    });

    it("verifies signatures made with either secret; the old keyring does not know the new one", () => {
      const oldSignature = before.sign("session-123");
      expect(rotated.verify("session-123", oldSignature)).toBe(true);
      const newSignature = rotated.sign("session-123");
      expect(newSignature).not.toBe(oldSignature);
      expect(rotated.verify("session-123", newSignature)).toBe(true);
      expect(before.verify("session-123", newSignature)).toBe(false);
    });
  });

  it("refuses a wrong signature", () => {
    const keys = createKeyring([SECRET_A]);
    const signature = keys.sign("session-123");
    expect(keys.verify("session-123", signature)).toBe(true);
    expect(keys.verify("session-124", signature)).toBe(false);
    expect(keys.verify("session-123", flip(signature, 3))).toBe(false);
    expect(keys.verify("session-123", signature.slice(0, -1))).toBe(false);
    expect(keys.verify("session-123", "")).toBe(false);
    expect(keys.verify("session-123", createKeyring([SECRET_B]).sign("session-123"))).toBe(false);
  });

  it("makes url-safe random tokens of the requested size", () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(token);
    expect(randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
