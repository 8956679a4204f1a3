import { NextRequest } from "next/server";
import { handlers } from "@/server/auth/config";
import { expectedOrigin } from "@/server/http/csrf";

// Auth.js builds its OAuth callback, redirect and error URLs from request.url, whose origin Next
// fills with the address the server was started on (`localhost` under `next start`, `0.0.0.0`
// for the standalone server in a container), not the host the browser addressed. Hand it the
// public origin (PUBLIC_PROTOCOL + Host, as the CSRF check reads it) instead.
function onPublicOrigin(handler: (req: NextRequest) => Promise<Response>) {
  return (req: NextRequest) => {
    const origin = expectedOrigin(req.headers);
    if (!origin) return handler(req);
    return handler(new NextRequest(new URL(`${req.nextUrl.pathname}${req.nextUrl.search}`, origin), req));
  };
}

export const GET = onPublicOrigin(handlers.GET);
export const POST = onPublicOrigin(handlers.POST);
