// `npm run build`'s second half (postbuild): `output: "standalone"` leaves the browser assets and
// public/ out of .next/standalone (a CDN may serve them); Atrium serves them itself, so copy them
// in. The result is self-contained: `node .next/standalone/server.js`, as `npm start` and the
// container image run it.
import { cpSync, existsSync, rmSync } from "node:fs";

const standalone = ".next/standalone";
if (!existsSync(`${standalone}/server.js`)) {
  process.stderr.write(`[atrium] ${standalone}/server.js is missing: is output: "standalone" still set in next.config.ts?\n`);
  process.exit(1);
}
for (const [from, to] of [
  [".next/static", `${standalone}/.next/static`],
  ["public", `${standalone}/public`],
] as const) {
  rmSync(to, { recursive: true, force: true });
  if (existsSync(from)) cpSync(from, to, { recursive: true });
}
process.stdout.write(`[atrium] ${standalone} is ready (static assets and public/ copied)\n`);
