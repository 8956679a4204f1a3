import { checkReadiness } from "@/server/health/check-readiness";

export const dynamic = "force-dynamic";

// Readiness for load balancers and container health checks (served on every host): 503 from the
// moment the instance is told to stop, while its database (or Redis, when configured) cannot be
// reached, or while its schema is older than the build. `checks` says which.
export async function GET() {
  const readiness = await checkReadiness();
  const headers = { "Cache-Control": "no-store" };
  if (readiness.ready) return Response.json({ ok: true, checks: readiness.checks }, { headers });
  return Response.json({ ok: false, error: readiness.reason, checks: readiness.checks }, { status: 503, headers });
}
