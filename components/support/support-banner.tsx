"use client";

import { useSyncExternalStore } from "react";

export type SupportBannerProps = {
  workspaceName: string;
  write: boolean;
  /** ISO time the access ends. */
  expiresAt: string;
  /** Where the operator goes back to (the console's page for this workspace). */
  consoleUrl: string;
};

const timeFormat = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });

// A clock that ticks every 15 s (the snapshot is rounded, so it is stable between ticks).
const TICK_MS = 15_000;
function subscribeClock(onTick: () => void): () => void {
  const timer = setInterval(onTick, TICK_MS);
  return () => clearInterval(timer);
}
const readClock = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;
const serverClock = () => null;

/** Whole minutes left (the clock is rounded down, so this never overstates the time). */
function timeLeft(expiresAt: number, now: number): string {
  const minutes = Math.floor((expiresAt - now) / 60_000);
  return minutes < 1 ? "under a minute left" : `${minutes} min left`;
}

/**
 * Shown on every dashboard page during an operator's support access: whose workspace, read-only
 * or not, how long is left, and a way out. Ending posts to the workspace host's own route
 * (/dashboard/support/end), which ends the grant and this session.
 */
export function SupportBanner({ workspaceName, write, expiresAt, consoleUrl }: SupportBannerProps) {
  const end = Date.parse(expiresAt);
  const now = useSyncExternalStore(subscribeClock, readClock, serverClock);
  const over = now !== null && now >= end;
  return (
    <section
      aria-label="Support access"
      className={`flex flex-wrap items-center gap-x-4 gap-y-2 border-b px-4 py-2 text-sm md:px-8 ${write ? "border-destructive/40 bg-destructive/10" : "border-warning/40 bg-warning/10"}`}
    >
      <p className="min-w-0 flex-1">
        {over ? (
          <strong>Support access to {workspaceName} has ended.</strong>
        ) : (
          <>
            <strong>Support access</strong> to {workspaceName} · {write ? "changes allowed and recorded as platform support" : "read-only: changes are refused"} · ends at{" "}
            {timeFormat.format(end)}
            {now !== null ? ` (${timeLeft(end, now)})` : null}
          </>
        )}
      </p>
      {over ? (
        <a href={consoleUrl} className="font-medium underline underline-offset-2">
          Back to the operator console
        </a>
      ) : (
        <form method="post" action="/dashboard/support/end">
          <button type="submit" className="rounded-md border border-border bg-background px-3 py-1 font-medium hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
            End support access
          </button>
        </form>
      )}
    </section>
  );
}
