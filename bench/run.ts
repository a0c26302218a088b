import { cpus } from "node:os";
import { benchActivities } from "./activities";
import { benchBundle } from "./bundle";
import { benchCircles } from "./circles";
import { benchFoundation } from "./foundation";
import { benchLighthouse } from "./lighthouse";
import { benchMatching } from "./matching";
import { benchPageCache } from "./page-cache";
import { benchReminders } from "./reminders";
import { benchScaleOut } from "./scale-out";
import { benchSignals } from "./signals";
import { benchSocialMap } from "./social-map";

// `npm run bench` builds the app, then runs every benchmark and prints Markdown tables.
// `npm run bench -- activities` runs one group.
const groups = {
  foundation: benchFoundation,
  activities: benchActivities,
  matching: benchMatching,
  "scale-out": benchScaleOut,
  signals: benchSignals,
  reminders: benchReminders,
  "social-map": benchSocialMap,
  bundle: benchBundle,
  lighthouse: benchLighthouse,
  "page-cache": benchPageCache,
  circles: benchCircles,
};
const chosen = process.argv.slice(2).filter((a): a is keyof typeof groups => a in groups);
const started = Date.now();
console.log(
  `# Noaber benchmarks\n\nCommand: \`npm run bench${chosen.length ? ` -- ${chosen.join(" ")}` : ""}\` · ${new Date(started).toISOString()} · Node ${process.version} · ${cpus().length} CPUs`,
);
for (const name of chosen.length ? chosen : (Object.keys(groups) as (keyof typeof groups)[])) await groups[name]();
console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
