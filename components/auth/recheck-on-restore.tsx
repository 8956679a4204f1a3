"use client";

import { useEffect } from "react";

/**
 * A signed-in page that the browser brings back from its back/forward cache was rendered for a
 * session that may have ended since: signed out on another host, or on a shared computer by
 * someone who then pressed Back. Chrome keeps even `no-store` pages there unless that host's own
 * cookies changed, and signing out on the apex does not touch a workspace host's cookie. So on
 * such a return the page stays hidden until /api/session confirms the same person is still
 * signed in here; otherwise (or without an answer) it is loaded again, and the server decides.
 */
export function RecheckOnRestore({ email }: { email: string }) {
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      const root = document.documentElement;
      root.style.visibility = "hidden";
      void fetch("/api/session", { cache: "no-store", signal: AbortSignal.timeout(5_000) })
        .then(async (res) => {
          const body = res.ok ? ((await res.json()) as { signedIn: boolean; email?: string }) : null;
          return !body?.signedIn || body.email !== email;
        })
        // No answer (an outage, a timeout, offline) is no proof: loaded again, the server decides
        // (a reloaded page never comes back from the cache, so this cannot loop).
        .catch(() => true)
        .then((ended) => {
          // Hidden until the reloaded page replaces this one.
          if (ended) window.location.reload();
          else root.style.visibility = "";
        });
    };
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, [email]);
  return null;
}
