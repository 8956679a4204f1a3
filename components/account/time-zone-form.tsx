"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/components/ui/cn";
import { selectClassName } from "@/components/ui/select";
import { useBrowserValue } from "@/components/ui/use-hydrated";
import { browserTimeZone, isTimeZone, timeZoneLabel } from "@/lib/time-zone";

/**
 * The person's time zone, with this browser's offered in one click. `options` come from the server
 * (one list for the server render and hydration); a zone the browser names otherwise is added.
 */
export function TimeZoneForm({ saved, options }: { saved: string; options: string[] }) {
  const t = useTranslations("AccountTimeZone");
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const [zone, setZone] = useState(saved);
  const detected = useBrowserValue(browserTimeZone);
  const save = useMutation(
    trpc.account.setTimeZone.mutationOptions({
      onSuccess: ({ timeZone }) => {
        toast({ title: t("savedTitle"), description: t("savedDescription", { zone: timeZoneLabel(timeZone) }), variant: "success" });
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
        <Label htmlFor="time-zone">{t("label")}</Label>
        <select id="time-zone" className={cn(selectClassName, "sm:max-w-sm")} value={zone} onChange={(e) => setZone(e.target.value)} aria-invalid={!!error} aria-describedby="time-zone-hint time-zone-error">
          {(options.includes(zone) ? options : [...options, zone]).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
        <FieldHint id="time-zone-hint">
          {t("now", { zone: timeZoneLabel(zone) })}
          {detected && isTimeZone(detected) && detected !== zone ? (
            <>
              {" "}
              {t("browserZone", { zone: detected })}{" "}
              <button type="button" className="text-primary underline underline-offset-4" onClick={() => setZone(detected)}>
                {t("useIt")}
              </button>
            </>
          ) : null}
        </FieldHint>
        <FieldError id="time-zone-error">{error ? (error.fieldErrors.timeZone?.[0] ?? error.message) : null}</FieldError>
      </div>
      <Button type="submit" loading={save.isPending} disabled={zone === saved}>
        {t("save")}
      </Button>
    </form>
  );
}
