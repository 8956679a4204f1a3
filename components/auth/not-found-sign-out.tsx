"use client";

import { Button } from "@/components/ui/button";
import { signOutAction } from "@/server/auth/actions";
import { useSessionState } from "./use-session-state";

/**
 * On the not-found page (prerendered): someone signed in as the wrong person can switch. The page
 * hands in the label (AuthNotFound.signOut): the root's client provider carries "common" only.
 */
export function NotFoundSignOut({ label = "Sign out" }: { label?: string }) {
  const session = useSessionState();
  if (session.status !== "signed-in") return null;
  return (
    <form action={signOutAction} className="max-w-full">
      {/* A long address wraps (a phone's width is less than some addresses' length). */}
      <Button type="submit" variant="outline" size="sm" className="h-auto! min-h-9 max-w-full whitespace-normal! py-1.5 [overflow-wrap:anywhere]">
        {label} ({session.email})
      </Button>
    </form>
  );
}
