"use client";

import { useRouter } from "next/navigation";
import { startTransition, useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

/** The screen's words, already in the page's language (app/error.tsx) or English (app/global-error.tsx). */
export type ErrorWords = {
  error: string;
  unavailableTitle: string;
  errorTitle: string;
  unavailableBody: string;
  /** The body of a plain error, naming the reference (digest) when there is one. */
  errorBody: string;
  tryAgain: string;
};

type Cause = "checking" | "unavailable" | "error";

const RECHECK_MS = 5_000;

// In production the browser only sees a digest, never the server's error, so the page asks the
// health endpoint whether the database is reachable: an outage gets "temporarily unavailable"
// and an automatic retry once it is back; anything else is a plain error with a reference.
async function databaseReachable(): Promise<boolean> {
  try {
    const res = await fetch("/api/health", { cache: "no-store" });
    return res.ok;
  } catch {
    return false;
  }
}

export function ErrorScreen({ reset, words }: { reset: () => void; words: ErrorWords }) {
  const router = useRouter();
  const [cause, setCause] = useState<Cause>("checking");
  const retry = useCallback(() => {
    startTransition(() => {
      router.refresh();
      reset();
    });
  }, [router, reset]);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async (wasUnavailable: boolean) => {
      const reachable = await databaseReachable();
      if (cancelled) return;
      if (reachable && wasUnavailable) return retry();
      setCause(reachable ? "error" : "unavailable");
      if (!reachable) timer = setTimeout(() => void check(true), RECHECK_MS);
    };
    void check(false);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [retry]);

  const unavailable = cause === "unavailable";
  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-muted-foreground">{unavailable ? "503" : words.error}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">{unavailable ? words.unavailableTitle : words.errorTitle}</h1>
      <p className="mt-4 max-w-md text-muted-foreground" role="status">
        {unavailable ? words.unavailableBody : words.errorBody}
      </p>
      <Button className="mt-8" onClick={retry}>
        {words.tryAgain}
      </Button>
    </main>
  );
}
