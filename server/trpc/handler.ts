import "server-only";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { SessionUser } from "../auth/current-user";
import { isSameOriginRequest } from "../http/csrf";
import { logger } from "../logger";
import { createContext } from "./context";
import { appRouter } from "./root";

/** The HTTP side of tRPC: CSRF gate for mutations, then the fetch adapter. */
export function handleTrpcRequest(req: Request, getUser: () => Promise<SessionUser | null>): Promise<Response> | Response {
  // Mutations (POST) only from a page on this same host.
  if (req.method !== "GET" && !isSameOriginRequest(req.headers)) {
    return Response.json({ error: { message: "Cross-site request refused." } }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers, getUser }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error("trpc internal error", { path, error: error.cause ?? error });
    },
  });
}
