// Preloaded into the Next.js server by `BENCH_CPU_PROFILE=<dir> npm run bench -- <part>` (see
// bench/lib.ts): samples the server's CPU for the whole run and writes <dir>/next-<pid>.cpuprofile
// when it exits (open it in Chromium's DevTools, Performance tab). Other processes that inherit
// NODE_OPTIONS (the launcher) are left alone. Loaded with --import, before the app.
import fs from "node:fs";
import inspector from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROFILE;
if (dir && process.argv[1] && process.argv[1].endsWith(path.join("standalone", "server.js"))) {
  const session = new inspector.Session();
  session.connect();
  // The in-process session answers synchronously, so this also works in an 'exit' listener.
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  process.once("exit", () => {
    session.post("Profiler.stop", (error, result) => {
      if (error || !result) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `next-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
