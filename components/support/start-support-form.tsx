"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { startSupportAccessAction, type SupportActionResult } from "@/server/support/actions";

const textareaClass =
  "min-h-20 w-full rounded-md border border-input bg-background px-3 py-2 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none aria-invalid:border-destructive";
const selectClass = "h-9 rounded-md border border-input bg-background px-2 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none";

export type StartSupportFormProps = {
  tenantId: string;
  workspaceName: string;
  /** Operator admins may ask for write access (with a reason of its own). */
  mayWrite: boolean;
  minuteChoices: readonly number[];
  defaultMinutes: number;
};

/**
 * Starts support access: a reason (in both audit logs, and the workspace owners' log), a
 * duration, and for operator admins an explicit, separately reasoned write access. On success the
 * browser goes to the workspace's dashboard through the host hand-off.
 */
export function StartSupportForm({ tenantId, workspaceName, mayWrite, minuteChoices, defaultMinutes }: StartSupportFormProps) {
  const { state, pending, onSubmit } = useKeptForm<SupportActionResult>(startSupportAccessAction);
  const [write, setWrite] = useState(false);
  const error = state && !state.ok ? state : null;
  return (
    <form onSubmit={onSubmit} className="grid max-w-xl gap-4" aria-describedby="support-form-note">
      <input type="hidden" name="tenantId" value={tenantId} />
      <p id="support-form-note" className="text-sm text-muted-foreground">
        You enter {workspaceName}&apos;s dashboard as yourself, with the owner&apos;s view. Its owners see this in their audit log, with your reason.
      </p>
      <div className="grid gap-1.5">
        <Label htmlFor="support-reason">Reason</Label>
        <textarea id="support-reason" name="reason" required minLength={3} maxLength={500} className={textareaClass} aria-invalid={error?.fieldErrors?.reason ? true : undefined} aria-describedby="support-reason-error" />
        <FieldError id="support-reason-error">{error?.fieldErrors?.reason?.[0]}</FieldError>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="support-minutes">Duration</Label>
        <select id="support-minutes" name="minutes" defaultValue={String(defaultMinutes)} className={`${selectClass} w-40`}>
          {minuteChoices.map((m) => (
            <option key={m} value={m}>
              {m < 60 ? `${m} minutes` : `${m / 60} hour${m === 60 ? "" : "s"}`}
            </option>
          ))}
        </select>
      </div>
      {mayWrite ? (
        <fieldset className="grid gap-2 rounded-md border border-border p-3">
          <legend className="px-1 text-sm font-medium">Write access</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="write" checked={write} onChange={(e) => setWrite(e.target.checked)} className="mt-0.5 size-4" />
            <span>Allow changes in this workspace during the session (read-only otherwise). Changes are recorded as platform support.</span>
          </label>
          {write ? (
            <div className="grid gap-1.5">
              <Label htmlFor="support-write-reason">Why changes are needed</Label>
              <textarea id="support-write-reason" name="writeReason" required minLength={3} maxLength={500} className={textareaClass} aria-invalid={error?.fieldErrors?.writeReason ? true : undefined} aria-describedby="support-write-reason-error" />
              <FieldError id="support-write-reason-error">{error?.fieldErrors?.writeReason?.[0]}</FieldError>
            </div>
          ) : null}
        </fieldset>
      ) : (
        <FieldHint>Support operators start read-only access; write access needs an operator admin.</FieldHint>
      )}
      {error && !error.fieldErrors ? <Alert variant="error">{error.error}</Alert> : null}
      <div>
        <Button type="submit" loading={pending}>
          {write ? "Open the dashboard with write access" : "Open the dashboard read-only"}
        </Button>
      </div>
    </form>
  );
}
