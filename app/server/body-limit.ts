import type { Request as ExpressRequest } from "express";

/** Request body limits in bytes, per kind of endpoint; see docs/security.md. */
export const BODY_LIMITS = {
  /** Every form and single-fetch action. */
  form: 64 * 1024,
  /** Resend's delivery events: a few kB each. */
  webhook: 256 * 1024,
  /** HSDS files for the facility import; counted by the route itself, after the role check. */
  upload: 10 * 1024 * 1024,
} as const;

export class BodyTooLarge extends Error {
  override name = "BodyTooLarge";
}

/**
 * Reads a request body into memory, counting bytes as they arrive (a chunked body has no
 * Content-Length to trust), and stops at `limit`: past it the rest is never buffered.
 */
export function readBodyWithin(req: ExpressRequest, limit: number): Promise<Buffer> {
  const declared = Number(req.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}
