import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { pickEncoding } from "~/server/compression";
import { precompressDirectory } from "~/vite/precompress";

describe("pickEncoding", () => {
  it("prefers brotli at equal weight, whatever the order in the header (Chrome lists gzip first)", () => {
    expect(pickEncoding("gzip, deflate, br, zstd", ["br", "gzip"])).toBe("br");
    expect(pickEncoding("br, gzip", ["br", "gzip"])).toBe("br");
  });

  it("follows the client's weights and refusals", () => {
    expect(pickEncoding("br;q=0.5, gzip", ["br", "gzip"])).toBe("gzip");
    expect(pickEncoding("br;q=0, gzip;q=0.1", ["br", "gzip"])).toBe("gzip");
    expect(pickEncoding("br;q=0, gzip;q=0", ["br", "gzip"])).toBeNull();
    expect(pickEncoding("*", ["br", "gzip"])).toBe("br");
    expect(pickEncoding("*;q=0.2, br;q=0", ["br", "gzip"])).toBe("gzip");
  });

  it("sends the file as it is when the client names no coding we have", () => {
    expect(pickEncoding(undefined, ["br", "gzip"])).toBeNull();
    expect(pickEncoding("", ["br", "gzip"])).toBeNull();
    expect(pickEncoding("deflate, identity", ["br", "gzip"])).toBeNull();
    expect(pickEncoding("br", ["gzip"])).toBeNull();
    expect(pickEncoding("gzip", ["gzip"])).toBe("gzip");
  });
});

describe("precompressDirectory", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes .br and .gz twins of text files of 1 KB or more, and leaves the rest alone", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "noaber-precompress-"));
    mkdirSync(path.join(dir, "assets"));
    mkdirSync(path.join(dir, ".vite"));
    const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `woord ${i}`))};\n`;
    writeFileSync(path.join(dir, "assets/app.js"), script);
    writeFileSync(path.join(dir, "assets/app.css"), `.a { color: red; }\n`.repeat(100));
    writeFileSync(path.join(dir, "assets/small.js"), "export {};\n");
    writeFileSync(path.join(dir, "assets/photo.png"), Buffer.alloc(4096, 7));
    writeFileSync(path.join(dir, ".vite/manifest.json"), JSON.stringify({ big: "x".repeat(4096) }));

    expect(await precompressDirectory(dir)).toBe(2);

    expect(brotliDecompressSync(readFileSync(path.join(dir, "assets/app.js.br"))).toString()).toBe(script);
    expect(gunzipSync(readFileSync(path.join(dir, "assets/app.js.gz"))).toString()).toBe(script);
    expect(existsSync(path.join(dir, "assets/app.css.br"))).toBe(true);
    expect(existsSync(path.join(dir, "assets/small.js.br"))).toBe(false);
    expect(existsSync(path.join(dir, "assets/photo.png.br"))).toBe(false);
    expect(existsSync(path.join(dir, ".vite/manifest.json.br"))).toBe(false);
  });
});
