/** A closed-loop load generator: `concurrency` clients, each sending its next request when the last one answered. */
export interface LoadResult {
  label: string;
  concurrency: number;
  requests: number;
  errors: number;
  statuses: Record<number, number>;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runLoad(options: {
  label: string;
  concurrency: number;
  requests: number;
  send: (i: number) => Promise<Response>;
  expect?: (status: number) => boolean;
  /** Requests sent one by one before measuring (JIT, caches); `send` gets negative indexes. */
  warmup?: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let next = 0;
  const ok = options.expect ?? ((s) => s >= 200 && s < 400);
  if (options.warmup) {
    for (let i = 0; i < options.warmup; i++) await (await options.send(-1 - i)).arrayBuffer();
  }
  const started = performance.now();
  async function client() {
    while (next < options.requests) {
      const i = next++;
      const t0 = performance.now();
      try {
        const response = await options.send(i);
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (!ok(response.status)) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    label: options.label,
    concurrency: options.concurrency,
    requests: options.requests,
    errors,
    statuses,
    seconds,
    rps: options.requests / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

export function printTable(title: string, rows: LoadResult[]) {
  const fmt = (n: number, d = 1) => n.toFixed(d).padStart(8);
  console.log(`\n## ${title}\n`);
  console.log("| scenario | clients | requests | errors | req/s | p50 ms | p95 ms | p99 ms |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${r.concurrency} | ${r.requests} | ${r.errors} | ${fmt(r.rps)} | ${fmt(r.p50, 2)} | ${fmt(r.p95, 2)} | ${fmt(r.p99, 2)} |`,
    );
  }
}
