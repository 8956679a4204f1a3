"use client";

import { useSessionState } from "@/components/auth/use-session-state";
import { SignedInLinks, SignedOutLinks } from "./site-header";

/**
 * The header's account links on prerendered pages. Both sets are laid out in the same grid cell
 * and the one that does not apply is invisible (and inert), so the cell is as wide as the wider
 * set from the first paint and nothing moves when the session answer arrives. Until it does,
 * visitors see the signed-out links, which is what most visitors of these pages need.
 */
export function SessionLinks() {
  const signedIn = useSessionState().status === "signed-in";
  return (
    <div className="grid justify-items-end">
      <div className={signedIn ? "invisible col-start-1 row-start-1 flex items-center gap-1 sm:gap-2" : "col-start-1 row-start-1 flex items-center gap-1 sm:gap-2"} inert={signedIn}>
        <SignedOutLinks prefetch={signedIn ? false : undefined} />
      </div>
      <div className={signedIn ? "col-start-1 row-start-1 flex items-center gap-1 sm:gap-2" : "invisible col-start-1 row-start-1 flex items-center gap-1 sm:gap-2"} inert={!signedIn}>
        <SignedInLinks prefetch={signedIn ? undefined : false} />
      </div>
    </div>
  );
}
