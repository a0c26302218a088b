import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin } from "vite";

/**
 * Writes a `.br` and a `.gz` twin next to every compressible file of the client build, at the
 * highest levels (brotli 11, gzip 9): done once at build time instead of on every request.
 * app/server/compression.ts serves them (decision 036). It runs when the server build closes, the
 * last step of `remix vite:build`: Remix writes its browser manifest (assets/manifest-*.js, on
 * every page) into the client folder during the server build. The server build itself is never
 * sent to a browser and is left alone.
 */
export function precompress({ clientDir }: { clientDir: string }): Plugin {
  let dir = "";
  let isSsr = false;
  let log: (message: string) => void = () => {};
  return {
    name: "noaber:precompress",
    apply: "build",
    configResolved(config) {
      isSsr = Boolean(config.build.ssr);
      dir = path.resolve(config.root, clientDir);
      log = (message) => config.logger.info(message);
    },
    async closeBundle() {
      if (!isSsr) return;
      const written = await precompressDirectory(dir);
      log(`precompressed ${written} files of ${path.relative(process.cwd(), dir)} (.br, .gz)`);
    },
  };
}

/** Text formats; images, fonts (woff2 is brotli inside) and archives are compressed already. */
const COMPRESSIBLE = new Set([".js", ".mjs", ".css", ".svg", ".json", ".webmanifest", ".txt", ".xml", ".html", ".map", ".ico"]);
/** As the server's dynamic threshold: a smaller file gains less than the header costs. */
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Compresses every file under `dir` worth it; a twin is written only when smaller than the file. Returns how many files got one. */
export async function precompressDirectory(dir: string): Promise<number> {
  const names = await readdir(dir, { recursive: true, encoding: "utf8" });
  // Dot folders (Vite's .vite/manifest.json) are never served.
  const files = names.filter((name) => !/(^|[\\/])\./.test(name) && COMPRESSIBLE.has(path.extname(name).toLowerCase()));
  let written = 0;
  await Promise.all(
    files.map(async (name) => {
      const file = path.join(dir, name);
      if (!(await stat(file)).isFile()) return;
      const raw = await readFile(file);
      if (raw.length < MIN_BYTES) return;
      const [br, gz] = await Promise.all([
        brotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        }),
        gzipAsync(raw, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      let any = false;
      for (const [suffix, bytes] of [
        [".br", br],
        [".gz", gz],
      ] as const) {
        if (bytes.length >= raw.length) continue;
        await writeFile(file + suffix, bytes);
        any = true;
      }
      if (any) written++;
    }),
  );
  return written;
}
