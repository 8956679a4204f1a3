import { z } from "zod";
import { isAppError } from "@/server/errors";
import { describeWorkspaceExport, readWorkspaceExport } from "@/server/exports/workspace-export";
import { routeMember, textResponse, unavailableResponse } from "@/server/http/route-member";
import { headersOnly } from "@/server/http/text-response";

type Params = { params: Promise<{ tenant: string; id: string }> };

/** The owner asking for one of the workspace's exports (a Response when refused). */
async function exportOwner(req: Request, { params }: Params) {
  const { tenant: slug, id } = await params;
  const member = await routeMember(req, slug, { capability: "export", permission: "tenant:delete", forbidden: "Only owners can download workspace exports." });
  if (member instanceof Response) return member;
  if (!z.string().uuid().safeParse(id).success) return textResponse(404, "Export not found.");
  return { ctx: member.ctx, slug, id };
}

function fileHeaders(slug: string, createdAt: Date, size: number | null): HeadersInit {
  return {
    ...(size === null ? {} : { "Content-Length": String(size) }),
    "Content-Type": "application/json; charset=utf-8",
    "Content-Disposition": `attachment; filename="${slug}-export-${createdAt.toISOString().slice(0, 10)}.json"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
}

function refusal(error: unknown): Response {
  if (isAppError(error) && error.code === "NOT_FOUND") return textResponse(404, error.message);
  const unavailable = unavailableResponse(error);
  if (unavailable) return unavailable;
  throw error;
}

// Download of a finished workspace export: owners only.
export async function GET(req: Request, context: Params) {
  const owner = await exportOwner(req, context);
  if (owner instanceof Response) return owner;
  try {
    const file = await readWorkspaceExport({ tenantId: owner.ctx.tenant.id, exportId: owner.id, actorUserId: owner.ctx.user.id, meta: owner.ctx.meta });
    return new Response(file.stream, { headers: fileHeaders(owner.slug, file.createdAt, file.size) });
  } catch (error) {
    return refusal(error);
  }
}

// Headers only: Next would otherwise run GET for a HEAD, opening the file (a stream nobody reads
// or cancels) and recording a download that never happened.
export async function HEAD(req: Request, context: Params) {
  const owner = await exportOwner(req, context);
  if (owner instanceof Response) return headersOnly(owner);
  try {
    const file = await describeWorkspaceExport({ tenantId: owner.ctx.tenant.id, exportId: owner.id });
    return new Response(null, { headers: fileHeaders(owner.slug, file.createdAt, file.size) });
  } catch (error) {
    return headersOnly(refusal(error));
  }
}
