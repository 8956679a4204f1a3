import { checkReadiness } from "@/server/health/check-readiness";

export const dynamic = "force-dynamic";

// The older name of /api/health/ready, kept for load balancers configured with it.
export async function GET() {
  const readiness = await checkReadiness();
  const headers = { "Cache-Control": "no-store" };
  if (readiness.ready) return Response.json({ ok: true }, { headers });
  return Response.json({ ok: false, error: readiness.reason }, { status: 503, headers });
}
