import { NextResponse, type NextRequest } from "next/server";
import { getSessionUser } from "@/server/auth/current-user";
import { resolveLanding } from "@/server/auth/sign-in-landing";
import { env } from "@/server/env";
import { parseHost } from "@/server/hosts/parse-host";
import { requestHost } from "@/server/http/request-meta";
import { textResponse } from "@/server/http/text-response";
import { SIGN_IN_LANDING } from "@/lib/safe-redirect";

// Apex only: where a full navigation after sign-in goes when nothing asked for a page (passkeys,
// OAuth, the sign-in page of someone already signed in; server actions resolve it themselves):
// the workspace the person used last, signed in there through the hand-off, if it is still theirs
// to view, otherwise their list of workspaces. It changes nothing but starting a session on the
// person's own workspace host (as /auth/continue does), so a GET is safe here.
export async function GET(req: NextRequest) {
  if (parseHost(requestHost(req.headers), env.ROOT_DOMAIN).kind !== "apex") return textResponse(404, "Not found.");
  const origin = `${req.nextUrl.protocol}//${requestHost(req.headers)}`;
  const user = await getSessionUser();
  if (!user) return NextResponse.redirect(new URL(`/sign-in?next=${encodeURIComponent(SIGN_IN_LANDING)}`, origin), 303);
  const response = NextResponse.redirect(new URL(await resolveLanding(user.id, SIGN_IN_LANDING), origin), 303);
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("Referrer-Policy", "no-referrer");
  return response;
}
