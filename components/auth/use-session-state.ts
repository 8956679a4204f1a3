"use client";

import { usePathname } from "next/navigation";
import { useEffect, useSyncExternalStore } from "react";

// The signed-in state for prerendered pages (marketing, not-found), which are the same HTML for
// everyone: asked of /api/session after hydration. One request at a time, shared by every
// component that asks, repeated on each navigation (sign-in and sign-out change it) and when the
// page comes back from the back/forward cache.

export type SessionState = { status: "unknown" } | { status: "signed-out" } | { status: "signed-in"; email: string };

const UNKNOWN: SessionState = { status: "unknown" };

let current: SessionState = UNKNOWN;
let inFlight: Promise<void> | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function refresh(): void {
  inFlight ??= fetch("/api/session", { cache: "no-store" })
    .then(async (res) => {
      if (!res.ok) return; // an outage: keep what we knew, the links work either way
      const body = (await res.json()) as { signedIn: boolean; email?: string };
      current = body.signedIn && body.email ? { status: "signed-in", email: body.email } : { status: "signed-out" };
      for (const listener of listeners) listener();
    })
    .catch(() => {})
    .finally(() => {
      inFlight = null;
    });
}

export function useSessionState(): SessionState {
  const pathname = usePathname();
  const state = useSyncExternalStore(subscribe, () => current, () => UNKNOWN);
  useEffect(refresh, [pathname]);
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) refresh();
    };
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, []);
  return state;
}
