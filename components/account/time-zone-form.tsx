"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { isTimeZone, timeZoneLabel } from "@/lib/time-zone";

const SELECT =
  "block h-10 w-full rounded-md border border-border bg-background px-3 text-base text-foreground sm:max-w-sm sm:text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-1 focus-visible:ring-offset-background aria-invalid:border-destructive";
const noop = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The person's time zone, with this browser's offered in one click. `options` come from the server
 * (one list for the server render and hydration); a zone the browser names otherwise is added.
 */
export function TimeZoneForm({ saved, options }: { saved: string; options: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const [zone, setZone] = useState(saved);
  const detected = useSyncExternalStore(noop, browserZone, () => null);
  const save = useMutation(
    trpc.account.setTimeZone.mutationOptions({
      onSuccess: ({ timeZone }) => {
        toast({ title: "Time zone saved", description: `Times now show in ${timeZoneLabel(timeZone)}.`, variant: "success" });
        router.refresh();
      },
    }),
  );
  const error = save.error ? toClientError(save.error) : null;
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ timeZone: zone });
      }}
    >
      <div className="space-y-1.5">
        <Label htmlFor="time-zone">Time zone</Label>
        <select id="time-zone" className={SELECT} value={zone} onChange={(e) => setZone(e.target.value)} aria-invalid={!!error} aria-describedby="time-zone-hint time-zone-error">
          {(options.includes(zone) ? options : [...options, zone]).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
        <FieldHint id="time-zone-hint">
          Now: {timeZoneLabel(zone)}.
          {detected && isTimeZone(detected) && detected !== zone ? (
            <>
              {" "}
              This browser is in {detected}.{" "}
              <button type="button" className="text-primary underline underline-offset-4" onClick={() => setZone(detected)}>
                Use it
              </button>
            </>
          ) : null}
        </FieldHint>
        <FieldError id="time-zone-error">{error ? (error.fieldErrors.timeZone?.[0] ?? error.message) : null}</FieldError>
      </div>
      <Button type="submit" loading={save.isPending} disabled={zone === saved}>
        Save time zone
      </Button>
    </form>
  );
}
