import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/trpc/root";
import { UNREACHABLE } from "./unreachable";

// The browser's tRPC client without React Query: what the React provider (./client.tsx) wraps, and
// what ./lazy.ts fetches on first use for the few calls made outside a provider.

export function createAtriumClient(): TRPCClient<AppRouter> {
  // maxItems: the server refuses batches of more than 10 calls (server/trpc/handler.ts).
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: 10 })] });
}

export type ClientError = { message: string; fieldErrors: Record<string, string[] | undefined> };

/** Turns any error from a tRPC call into a message and field errors a form can show. */
export function toClientError(error: unknown): ClientError {
  // An error without a shape never came from a procedure: the request failed on the way
  // ("Failed to fetch") or something other than the server answered.
  if (error instanceof TRPCClientError && error.shape !== undefined) {
    const data = error.data as { fieldErrors?: Record<string, string[]> | null } | undefined;
    return { message: error.message, fieldErrors: data?.fieldErrors ?? {} };
  }
  return UNREACHABLE;
}
