import { readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { brotliDecompressSync, createBrotliDecompress, gunzipSync } from "node:zlib";
import { writeReadableStreamToWritable } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compressResponses } from "~/server/compression";
import { startTestServer, type TestServer } from "#tests/support/server";

// Decision 036: dynamic responses are compressed on the fly (brotli, gzip fallback); static files
// are served from the .br / .gz twins the build wrote. Node's fetch decompresses by itself, so
// these tests read the raw bytes with node:http.

const buildDir = path.resolve(import.meta.dirname, "../..", process.env.REMIX_BUILD_DIR ?? "build", "client");

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function rawRequest(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

function decoded(response: RawResponse): Buffer {
  const encoding = response.headers["content-encoding"];
  if (encoding === "br") return brotliDecompressSync(response.body);
  if (encoding === "gzip") return gunzipSync(response.body);
  expect(encoding).toBeUndefined();
  return response.body;
}

/** The CSP nonce differs on every response; nothing else in a page should. */
const withoutNonce = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/'nonce-[^']*'/g, "'nonce-'");

const varies = (response: RawResponse) =>
  String(response.headers.vary ?? "")
    .toLowerCase()
    .split(/\s*,\s*/);

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("dynamic responses", () => {
  test("a page is brotli-compressed for a client that accepts br, and decompresses to the page itself", async () => {
    const plain = await rawRequest(`${server.url}/login`);
    const br = await rawRequest(`${server.url}/login`, { "accept-encoding": "br, gzip" });
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/^text\/html/);
    expect(varies(br)).toContain("accept-encoding");
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(withoutNonce(decoded(br).toString("utf8"))).toBe(withoutNonce(plain.body.toString("utf8")));
    // Security headers stay on compressed responses.
    expect(br.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(br.headers["cache-control"]).toBe("private, no-store");
  });

  test("gzip for a client that accepts only gzip, and nothing for one that names no coding", async () => {
    const gzip = await rawRequest(`${server.url}/login`, { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(decoded(gzip).toString("utf8")).toContain("<html");

    const none = await rawRequest(`${server.url}/login`);
    expect(none.headers["content-encoding"]).toBeUndefined();
    expect(none.body.toString("utf8")).toContain("<html");

    const refused = await rawRequest(`${server.url}/login`, { "accept-encoding": "br;q=0, gzip;q=0" });
    expect(refused.headers["content-encoding"]).toBeUndefined();
  });

  test("single-fetch data (text/x-script) is compressed", async () => {
    const plain = await rawRequest(`${server.url}/login.data`);
    const br = await rawRequest(`${server.url}/login.data`, { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(br.status).toBe(200);
    expect(br.headers["content-type"]).toMatch(/^text\/x-script/);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(decoded(br).toString("utf8")).toBe(plain.body.toString("utf8"));
  });

  test("a JSON route is compressed", async () => {
    const gzip = await rawRequest(`${server.url}/healthz`, { "accept-encoding": "gzip" });
    expect(gzip.headers["content-type"]).toMatch(/^application\/json/);
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(decoded(gzip).toString("utf8"))).toMatchObject({ status: "ok" });
  });

  test("a response under the threshold whose length is known is sent as it is", async () => {
    // The cross-origin refusal is a short page written with a Content-Length.
    const refused = await new Promise<RawResponse>((resolve, reject) => {
      const req = http.request(
        `${server.url}/login`,
        { method: "POST", headers: { origin: "https://elsewhere.example", "accept-encoding": "br, gzip", "content-length": "0" } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(refused.status).toBe(403);
    expect(refused.body.length).toBeLessThan(1024);
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(Number(refused.headers["content-length"])).toBe(refused.body.length);
  });

  test("a redirect without a body is unaffected", async () => {
    const redirect = await rawRequest(`${server.url}/me`, { "accept-encoding": "br, gzip" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers["content-encoding"]).toBeUndefined();
    expect(redirect.body.length).toBe(0);
  });
});

describe("static files from the build", () => {
  const assets = path.join(buildDir, "assets");
  const scripts = () => readdirSync(assets).filter((name) => name.endsWith(".js"));
  /** The largest script: certainly above the threshold, so the build wrote its twins. */
  const largest = () => scripts().sort((a, b) => statSync(path.join(assets, b)).size - statSync(path.join(assets, a)).size)[0]!;

  test("the build wrote a .br and a .gz beside every script and stylesheet of 1 KB or more, with the same content", () => {
    const files = readdirSync(assets).filter((name) => /\.(js|css)$/.test(name));
    expect(files.length).toBeGreaterThan(10);
    for (const name of files) {
      const raw = readFileSync(path.join(assets, name));
      if (raw.length < 1024) continue;
      expect(brotliDecompressSync(readFileSync(path.join(assets, `${name}.br`))).equals(raw), `${name}.br`).toBe(true);
      expect(gunzipSync(readFileSync(path.join(assets, `${name}.gz`))).equals(raw), `${name}.gz`).toBe(true);
    }
    // Vite's manifest is never served, so it gets no twin either.
    expect(readdirSync(buildDir).filter((name) => name.startsWith("."))).not.toContainEqual(expect.stringMatching(/\.(br|gz)$/));
  });

  test("a script under /assets comes from its .br twin: its own type, immutable, Vary, the twin's length", async () => {
    const name = largest();
    const raw = readFileSync(path.join(assets, name));
    const twin = readFileSync(path.join(assets, `${name}.br`));
    const response = await rawRequest(`${server.url}/assets/${name}`, { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    expect(response.headers["content-type"]).toMatch(/^(application|text)\/javascript/);
    expect(response.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(varies(response)).toContain("accept-encoding");
    expect(Number(response.headers["content-length"])).toBe(twin.length);
    expect(response.body.equals(twin)).toBe(true);
    expect(brotliDecompressSync(response.body).equals(raw)).toBe(true);
    // Helmet's headers are on static files too.
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
  });

  test("gzip-only clients get the .gz twin; others the file as it is, with Vary all the same", async () => {
    const name = largest();
    const raw = readFileSync(path.join(assets, name));
    const gzip = await rawRequest(`${server.url}/assets/${name}`, { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gzip.body.equals(readFileSync(path.join(assets, `${name}.gz`)))).toBe(true);

    const plain = await rawRequest(`${server.url}/assets/${name}`);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers["content-type"]).toBe(gzip.headers["content-type"]);
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(varies(plain)).toContain("accept-encoding");
    expect(plain.body.equals(raw)).toBe(true);
  });

  test("HEAD gives the twin's headers without a body; a matching validator gets a 304", async () => {
    const name = largest();
    const head = await rawRequest(`${server.url}/assets/${name}`, { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBe("br");
    expect(Number(head.headers["content-length"])).toBe(statSync(path.join(assets, `${name}.br`)).size);
    expect(head.body.length).toBe(0);

    const again = await rawRequest(`${server.url}/assets/${name}`, { "accept-encoding": "br", "if-none-match": String(head.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  test("a Range request gets the range of the raw file, never of a twin", async () => {
    const name = largest();
    const raw = readFileSync(path.join(assets, name));
    const range = await rawRequest(`${server.url}/assets/${name}`, { "accept-encoding": "br, gzip", range: "bytes=0-99" });
    expect(range.status).toBe(206);
    expect(range.headers["content-encoding"]).toBeUndefined();
    expect(range.body.equals(raw.subarray(0, 100))).toBe(true);
  });
});

describe("streaming", () => {
  // Remix writes a page as it renders (writeReadableStreamToWritable, which flushes after each
  // chunk). Compressed, the first chunk must still reach the browser before the last is written:
  // here the second chunk is only produced once the client has decoded the first.
  async function streamedThroughCompression(contentType: string) {
    let firstArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
    const app = express();
    app.use(compressResponses());
    app.get("/", (_req, res) => {
      res.status(200).type(contentType);
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode(`first ${"x".repeat(4000)}\n`));
          await arrived;
          controller.enqueue(new TextEncoder().encode("second\n"));
          controller.close();
        },
      });
      void writeReadableStreamToWritable(stream, res);
    });
    const listener = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => listener.once("listening", resolve));
    const { port } = listener.address() as { port: number };
    try {
      return await new Promise<{ encoding: string | undefined; text: string }>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${port}/`, { headers: { "accept-encoding": "br, gzip" } }, (res) => {
            const encoding = res.headers["content-encoding"];
            const decoder = encoding === "br" ? createBrotliDecompress() : null;
            const source = decoder ? res.pipe(decoder) : res;
            let text = "";
            source.on("data", (chunk: Buffer) => {
              text += chunk.toString("utf8");
              if (text.includes("first")) firstArrived();
            });
            source.on("end", () => resolve({ encoding, text }));
            source.on("error", reject);
          })
          .on("error", reject);
      });
    } finally {
      listener.close();
    }
  }

  test("a streamed page is compressed and flows chunk by chunk", async () => {
    const { encoding, text } = await streamedThroughCompression("html");
    expect(encoding).toBe("br");
    expect(text).toMatch(/^first x+\nsecond\n$/);
  });

  test("an event stream is never compressed (it would wait for a full block)", async () => {
    const { encoding, text } = await streamedThroughCompression("text/event-stream");
    expect(encoding).toBeUndefined();
    expect(text).toMatch(/^first x+\nsecond\n$/);
  });
});
