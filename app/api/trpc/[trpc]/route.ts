import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getSessionUser } from "@/server/auth/current-user";
import { isSameOriginRequest } from "@/server/http/csrf";
import { logger } from "@/server/logger";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";

function handler(req: Request) {
  // CSRF: mutations (POST) only from a page on this same host.
  if (req.method !== "GET" && !isSameOriginRequest(req.headers)) {
    return Response.json({ error: { message: "Cross-site request refused." } }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers, getUser: getSessionUser }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error("trpc internal error", { path, error: error.cause ?? error });
    },
  });
}

export { handler as GET, handler as POST };
