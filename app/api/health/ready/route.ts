import { checkReadiness } from "@/server/health/check-readiness";

export const dynamic = "force-dynamic";

// Readiness for load balancers and container health checks (served on every host): 503 from the
// moment the instance is told to stop, or while its database cannot be reached.
export async function GET() {
  const readiness = await checkReadiness();
  const headers = { "Cache-Control": "no-store" };
  if (readiness.ready) return Response.json({ ok: true }, { headers });
  return Response.json({ ok: false, error: readiness.reason }, { status: 503, headers });
}
