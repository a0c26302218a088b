import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Keys derived from SESSION_SECRET (comma-separated for rotation: the first signs and seals,
 * every one verifies and opens).
 */
export interface Keyring {
  /** Keyed hash with the current secret, for storing one-time secrets. */
  hash(value: string): string;
  /** Keyed hashes with every secret, for looking up a value hashed before a rotation. */
  hashes(value: string): string[];
  /** Authenticated encryption of a small JSON value. */
  seal(value: unknown): string;
  open(sealed: string): unknown;
  /** A signature for a value placed in a URL or a cookie. */
  sign(value: string): string;
  verify(value: string, signature: string): boolean;
  readonly secrets: readonly string[];
}

const b64url = (buf: Buffer) => buf.toString("base64url");

export function sha256(value: string): string {
  return b64url(createHash("sha256").update(value).digest());
}

export function randomToken(bytes = 32): string {
  return b64url(randomBytes(bytes));
}

export function createKeyring(secrets: readonly string[]): Keyring {
  if (secrets.length === 0) throw new Error("createKeyring needs at least one secret");
  const derive = (secret: string, purpose: string) => Buffer.from(hkdfSync("sha256", secret, "noaber", purpose, 32));
  const hashKeys = secrets.map((s) => derive(s, "hash"));
  const sealKeys = secrets.map((s) => derive(s, "seal"));
  const signKeys = secrets.map((s) => derive(s, "sign"));
  const hmac = (key: Buffer, value: string) => b64url(createHmac("sha256", key).update(value).digest());

  return {
    secrets,
    hash: (value) => hmac(hashKeys[0]!, value),
    hashes: (value) => hashKeys.map((k) => hmac(k, value)),
    seal(value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", sealKeys[0]!, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
      return ["v1", b64url(iv), b64url(body), b64url(cipher.getAuthTag())].join(".");
    },
    open(sealed) {
      const [version, iv, body, tag] = sealed.split(".");
      if (version !== "v1" || !iv || !body || !tag) throw new Error("Unknown sealed format");
      for (const key of sealKeys) {
        try {
          const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
          decipher.setAuthTag(Buffer.from(tag, "base64url"));
          const plain = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
          return JSON.parse(plain.toString("utf8"));
        } catch {
          // try the next (older) secret
        }
      }
      throw new Error("Sealed value cannot be opened with any current secret");
    },
    sign: (value) => hmac(signKeys[0]!, value),
    verify(value, signature) {
      const given = Buffer.from(signature);
      return signKeys.some((k) => {
        const expected = Buffer.from(hmac(k, value));
        return expected.length === given.length && timingSafeEqual(expected, given);
      });
    },
  };
}
