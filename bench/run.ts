// `npm run bench`: every benchmark part in turn, each in its own process (each starts its own
// server on a fresh embedded database). Each part prints its figures and a target table; this
// exits non-zero when any part missed a target or failed. `npm run bench -- api` runs one part.
import { spawnSync } from "node:child_process";

const PARTS: Record<string, string> = {
  "tenant-host": "bench/tenant-host.ts",
  api: "bench/api.ts",
  sla: "bench/sla.ts",
  dashboard: "bench/dashboard.ts",
  scale: "bench/scale.ts",
  operator: "bench/operator.ts",
  events: "bench/events.ts",
  insights: "bench/insights.ts",
  "first-load-js": "bench/first-load-js.ts",
};

const chosen = process.argv.slice(2);
const failed: string[] = [];
for (const [name, file] of Object.entries(PARTS)) {
  if (chosen.length && !chosen.includes(name)) continue;
  console.log(`\n##### bench part: ${name}`);
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", file], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) failed.push(name);
}
console.log(failed.length ? `\nbench: targets missed or errors in: ${failed.join(", ")}` : "\nbench: every target met");
process.exit(failed.length ? 1 : 0);
