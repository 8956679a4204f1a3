"use client";

import type { TRPCClient } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/root";
import type { ClientError } from "./links";
import { OUTDATED_PAGE, UNREACHABLE } from "./unreachable";

// One tRPC call from a component that has no provider above it (the dashboard frame's workspace
// switcher, the Overview's "Dismiss" of the guided setup): the client is downloaded on the first
// call rather than with the page, and kept for the next.

type Links = typeof import("./links");
const HEALTH_TIMEOUT_MS = 4_000;
let loading: Promise<{ client: TRPCClient<AppRouter>; links: Links }> | undefined;

function load() {
  loading ??= import("./links").then((links) => ({ client: links.createAtriumClient(), links }));
  // A download that failed (offline for a moment) is tried again on the next call.
  loading.catch(() => (loading = undefined));
  return loading;
}

/**
 * Why the client could not be downloaded. When the server still answers, the page is from an
 * earlier release (a deploy replaced its files), and only a reload helps; otherwise the
 * connection is down.
 */
async function downloadFailure(): Promise<ClientError> {
  try {
    // Bounded: a server slow to answer during a deploy must not leave the caller spinning.
    const res = await fetch("/api/health/live", { cache: "no-store", signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    return res.ok ? OUTDATED_PAGE : UNREACHABLE;
  } catch {
    return UNREACHABLE;
  }
}

export type CallResult<T> = { ok: true; data: T } | { ok: false; error: ClientError };

/** Runs `call` with the tRPC client; never throws: a failure comes back as the message a form shows. */
export async function callTrpc<T>(call: (client: TRPCClient<AppRouter>) => Promise<T>): Promise<CallResult<T>> {
  let links: Links | undefined;
  try {
    const loaded = await load();
    links = loaded.links;
    return { ok: true, data: await call(loaded.client) };
  } catch (error) {
    return { ok: false, error: links ? links.toClientError(error) : await downloadFailure() };
  }
}
