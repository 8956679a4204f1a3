import { z } from "zod";
import { isAppError } from "@/server/errors";
import { readWorkspaceExport } from "@/server/exports/workspace-export";
import { routeMember, textResponse } from "@/server/http/route-member";

// Download of a finished workspace export: owners only.
export async function GET(req: Request, { params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id } = await params;
  const member = await routeMember(req, slug, { capability: "export", permission: "tenant:delete", forbidden: "Only owners can download workspace exports." });
  if (member instanceof Response) return member;
  if (!z.string().uuid().safeParse(id).success) return textResponse(404, "Export not found.");
  try {
    const file = await readWorkspaceExport({ tenantId: member.ctx.tenant.id, exportId: id, actorUserId: member.ctx.user.id, meta: member.ctx.meta });
    return new Response(file.stream, {
      headers: {
        "Content-Length": String(file.size),
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${slug}-export-${file.createdAt.toISOString().slice(0, 10)}.json"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return textResponse(404, error.message);
    throw error;
  }
}
