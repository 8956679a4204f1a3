/** The first request a developer sends: one usage event (shown on Usage and in the guided setup). */
export function curlExample(apiBase: string, key = "atr_live_YOUR_KEY"): string {
  return [
    `curl -X POST ${apiBase}/usage \\`,
    `  -H "Authorization: Bearer ${key}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"metric":"units","quantity":1,"idempotencyKey":"first-event-1"}'`,
  ].join("\n");
}
