import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCClient, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import superjson from "superjson";
import { announceWorkspaceChange } from "@/lib/workspace-changes";
import type { AppRouter } from "@/server/trpc/root";
import { UNREACHABLE } from "./unreachable";

// The browser's tRPC client without React Query: what the React provider (./client.tsx) wraps, and
// what ./lazy.ts fetches on first use for the few calls made outside a provider.

/** After a procedure changed something, the workspace's other tabs are told (lib/workspace-changes.ts). */
const announceMutations: TRPCLink<AppRouter> = () => ({ op, next }) =>
  observable((observer) =>
    next(op).subscribe({
      next(result) {
        if (op.type === "mutation") announceWorkspaceChange();
        observer.next(result);
      },
      error: (error) => observer.error(error),
      complete: () => observer.complete(),
    }),
  );

export function createAtriumClient(url = "/api/trpc"): TRPCClient<AppRouter> {
  // maxItems: the server refuses batches of more than 10 calls (server/trpc/handler.ts).
  return createTRPCClient<AppRouter>({ links: [announceMutations, httpBatchLink({ url, transformer: superjson, maxItems: 10 })] });
}

export type ClientError = { message: string; fieldErrors: Record<string, string[] | undefined> };

/** Turns any error from a tRPC call into a message and field errors a form can show. */
export function toClientError(error: unknown): ClientError {
  if (!(error instanceof TRPCClientError)) return UNREACHABLE;
  if (error.shape !== undefined) {
    const data = error.data as { fieldErrors?: Record<string, string[]> | null } | undefined;
    return { message: error.message, fieldErrors: data?.fieldErrors ?? {} };
  }
  // Not a procedure's error. The server's own refusals before tRPC runs (a cross-site request, a
  // body too large) answer `{ error: { message } }`; anything else means the request failed on
  // the way ("Failed to fetch") or something other than the server answered.
  const refusal = (error.meta?.responseJSON as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof refusal === "string" ? { message: refusal, fieldErrors: {} } : UNREACHABLE;
}
