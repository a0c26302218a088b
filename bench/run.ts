import { benchFoundation } from "./foundation";

// `npm run bench` builds the app, then runs every benchmark and prints Markdown tables.
const started = new Date();
console.log(`# Noaber benchmarks\n\nCommand: \`npm run bench\` · ${started.toISOString()} · Node ${process.version} · ${(await import("node:os")).cpus().length} CPUs`);
await benchFoundation();
console.log(`\nDone in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s.`);
