"use client";

import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

const AnnounceOutcome = createContext<(message: string) => void>(() => {});

/**
 * Holds the outcome of the last operator action on this page and shows it in one live region
 * above `children`. It sits above the dialogs, not in them: an action often removes its own
 * button when the page refreshes (Reactivate on a workspace that is active again), and a message
 * kept beside that button went with it. The region is always in the page (empty until an action
 * succeeds), so screen readers announce the change.
 */
export function ActionOutcomeRegion({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<string | null>(null);
  const announce = useCallback((next: string) => setMessage(next), []);
  return (
    <AnnounceOutcome.Provider value={announce}>
      <div role="status" aria-label="Outcome of the last action" className={cn(message ? "rounded-md border border-success/40 bg-success/10 px-4 py-3 text-sm" : "sr-only")}>
        {message}
      </div>
      {children}
    </AnnounceOutcome.Provider>
  );
}

/** What a dialog calls with its action's outcome (a no-op outside an ActionOutcomeRegion). */
export function useAnnounceOutcome(): (message: string) => void {
  return useContext(AnnounceOutcome);
}
