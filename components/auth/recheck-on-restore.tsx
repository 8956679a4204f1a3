"use client";

import { useEffect } from "react";

/**
 * A signed-in page that the browser brings back from its back/forward cache was rendered for a
 * session that may have ended since: signed out on another host, or on a shared computer by
 * someone who then pressed Back. Chrome keeps even `no-store` pages there unless that host's own
 * cookies changed, and signing out on the apex does not touch a workspace host's cookie. So on
 * such a return the page stays hidden until /api/session confirms the same person is still
 * signed in here; otherwise it is loaded again, and the server sends it to sign-in.
 */
export function RecheckOnRestore({ email }: { email: string }) {
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      const root = document.documentElement;
      root.style.visibility = "hidden";
      void fetch("/api/session", { cache: "no-store" })
        .then(async (res) => {
          // An outage says nothing about the session: show the page (its own calls ask again).
          if (!res.ok) return false;
          const body = (await res.json()) as { signedIn: boolean; email?: string };
          return !body.signedIn || body.email !== email;
        })
        .catch(() => false)
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
