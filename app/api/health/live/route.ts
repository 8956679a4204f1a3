export const dynamic = "force-dynamic";

// Liveness only (no database): the process is up and serving. Also the API benchmark's baseline.
export function GET() {
  return Response.json({ ok: true });
}
