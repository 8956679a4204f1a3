import { readBodyBytes } from "@/server/api/read-body";
import { badRequestStatus } from "@/server/api/respond";
import { removeTenantLogo, setTenantLogo } from "@/server/branding/logo";
import { env } from "@/server/env";
import { isAppError } from "@/server/errors";
import { routeMember, type RouteMember } from "@/server/http/route-member";

type Params = { params: Promise<{ tenant: string }> };

async function owner(req: Request, { params }: Params): Promise<RouteMember | Response> {
  return routeMember(req, (await params).tenant, { capability: "change", permission: "tenant:update", forbidden: "Only owners and admins can change the logo." });
}

function failure(error: unknown): Response {
  if (isAppError(error) && error.code === "BAD_REQUEST") {
    return Response.json({ error: { message: error.message, reason: error.reason } }, { status: badRequestStatus(error.reason) });
  }
  throw error;
}

// Upload: the file is the raw request body (the browser sends the File as it is).
export async function POST(req: Request, params: Params) {
  const member = await owner(req, params);
  if (member instanceof Response) return member;
  try {
    const bytes = await readBodyBytes(req, env.LOGO_MAX_BYTES);
    const logo = await setTenantLogo({ tenantId: member.ctx.tenant.id, actorUserId: member.ctx.user.id, meta: member.ctx.meta, bytes });
    return Response.json(logo, { status: 201 });
  } catch (error) {
    if (isAppError(error) && error.reason === "payload_too_large") {
      return Response.json({ error: { message: `The logo is larger than ${Math.floor(env.LOGO_MAX_BYTES / 1024)} KiB.`, reason: error.reason } }, { status: 413 });
    }
    return failure(error);
  }
}

export async function DELETE(req: Request, params: Params) {
  const member = await owner(req, params);
  if (member instanceof Response) return member;
  await removeTenantLogo({ tenantId: member.ctx.tenant.id, actorUserId: member.ctx.user.id, meta: member.ctx.meta });
  return new Response(null, { status: 204 });
}
