import { readdirSync } from "node:fs";
import path from "node:path";
import { constants } from "node:zlib";
import compression from "compression";
import express, { type Request, type RequestHandler, type Response } from "express";

/**
 * Compression of what the server sends (decision 036).
 *
 * Dynamic responses (HTML, `.data`, JSON, CSV, ICS): brotli at quality 4 when the client accepts
 * `br`, gzip at level 6 otherwise. Quality 4 costs about what gzip 6 costs and packs tighter; the
 * higher qualities take many times longer per response. Remix's stream writer flushes after every
 * chunk (`res.flush`), so a streamed page still arrives piece by piece.
 *
 * Static files: the build writes `.br` and `.gz` next to each (app/vite/precompress.ts, at the
 * highest levels); `precompressedStatic` serves them, and the dynamic compression leaves a response
 * that already has a Content-Encoding alone.
 */

/** Below this many bytes compressing saves less than it costs (a known size only: a stream is always compressed). */
export const COMPRESSION_THRESHOLD = 1024;

/** Types compressed on the fly whose responses must flow as they are written, not wait for a full zlib block. */
const STREAMED_TYPES = /^text\/event-stream\b/i;

export function compressResponses(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD,
    level: 6,
    brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    filter: (req: Request, res: Response) => {
      // A range of the raw bytes must stay those bytes (express.static answers ranges).
      if (req.headers.range || res.statusCode === 206) return false;
      if (STREAMED_TYPES.test(String(res.getHeader("Content-Type") ?? ""))) return false;
      return compression.filter(req, res);
    },
  });
}

type Encoding = "br" | "gzip";
const SUFFIX: Record<Encoding, string> = { br: ".br", gzip: ".gz" };

/**
 * The coding to send, from Accept-Encoding: the highest q the client gives among those we have,
 * brotli before gzip at equal q; `null` for the file as it is. Chrome sends "gzip, deflate, br,
 * zstd" (all q=1), so order in the header does not count.
 */
export function pickEncoding(acceptEncoding: string | undefined, available: readonly Encoding[]): Encoding | null {
  if (!acceptEncoding || available.length === 0) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    weights.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  let best: Encoding | null = null;
  let bestWeight = 0;
  for (const encoding of ["br", "gzip"] as const) {
    if (!available.includes(encoding)) continue;
    const weight = weights.get(encoding) ?? weights.get("*") ?? 0;
    if (weight > bestWeight) [best, bestWeight] = [encoding, weight];
  }
  return best;
}

/** Every file under `root` that has a `.br` or `.gz` beside it, by URL path ("/assets/x.js" → ["br", "gzip"]). */
function findPrecompressed(root: string): Map<string, Encoding[]> {
  const found = new Map<string, Encoding[]>();
  let names: string[];
  try {
    names = readdirSync(root, { recursive: true, encoding: "utf8" });
  } catch {
    return found;
  }
  const present = new Set(names.map((name) => name.split(path.sep).join("/")));
  for (const name of present) {
    // As express.static: nothing under a dot folder (Vite's .vite/manifest.json) is served.
    if (/(^|\/)\./.test(name)) continue;
    const encodings = (Object.keys(SUFFIX) as Encoding[]).filter((e) => present.has(name + SUFFIX[e]));
    if (encodings.length > 0) found.set(`/${name}`, encodings);
  }
  return found;
}

/**
 * Serves the build's `.br` / `.gz` twin of a static file when the client accepts it: the original's
 * Content-Type, `Content-Encoding`, `Vary: Accept-Encoding`, the twin's length and validators, and
 * the same caching as express.static below it (`/assets/` is fingerprinted: immutable for a year).
 * Anything else (no twin, no acceptable coding, a Range request, other methods) goes on to
 * express.static with the raw file.
 */
export function precompressedStatic(root: string): RequestHandler {
  const files = findPrecompressed(root);
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const available = files.get(req.path);
    if (!available) return next();
    res.vary("Accept-Encoding");
    const encoding = req.headers.range ? null : pickEncoding(req.get("accept-encoding"), available);
    if (!encoding) return next();
    const immutable = req.path.startsWith("/assets/");
    // The original's type, written exactly as express.static writes it for the raw file.
    const type = express.static.mime.lookup(req.path);
    const charset = express.static.mime.charsets.lookup(type, "");
    res.setHeader("Content-Type", charset ? `${type}; charset=${charset}` : type);
    res.setHeader("Content-Encoding", encoding);
    res.sendFile(
      path.join(root, req.path + SUFFIX[encoding]),
      { maxAge: immutable ? "1y" : "1h", immutable, acceptRanges: false },
      (error?: Error) => {
        // After the headers, an error is the client going away: nothing left to answer. Before
        // them the twin is gone since startup (a redeploy under a running server): try the raw file.
        if (!error || res.headersSent) return;
        res.removeHeader("Content-Encoding");
        res.removeHeader("Content-Type");
        next();
      },
    );
  };
}
