import { databaseReachable } from "@/server/health/check-readiness";

export const dynamic = "force-dynamic";

// Liveness + database reachability for load balancers (served on every host): one shared probe a
// second, and a database that does not answer within two seconds counts as unavailable.
export async function GET() {
  if (await databaseReachable()) return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
  return Response.json({ ok: false, error: "database unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
}
