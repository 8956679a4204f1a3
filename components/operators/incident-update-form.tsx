"use client";

import { Alert } from "@/components/ui/alert";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { INCIDENT_STATUSES, INCIDENT_STATUS_LABELS, INCIDENT_UPDATE_MAX } from "@/lib/status-page/catalog";
import { postIncidentUpdateAction, type StatusActionResult } from "@/server/status-page/actions";
import { selectClassName } from "@/components/ui/select";

const TEXTAREA = "min-h-24 w-full rounded-md border border-border bg-background px-3 py-2 text-base sm:text-sm";

/** Posts an update to an open incident; choosing "Resolved" resolves it. */
export function IncidentUpdateForm({ incidentId, currentStatus, resolved }: { incidentId: string; currentStatus: string; resolved: boolean }) {
  const { formRef, state, pending, onSubmit } = useKeptForm<StatusActionResult>(postIncidentUpdateAction, { resetOnSuccess: true });
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  // Stays mounted once the incident is resolved, so the outcome of the resolving update stays too.
  if (resolved) {
    return (
      <div className="space-y-3">
        {state?.ok ? <Alert variant="success">{state.message}</Alert> : null}
        <p className="text-sm text-muted-foreground">This incident is resolved and takes no more updates. If the problem is back, open a new incident.</p>
      </div>
    );
  }
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-4">
      {state?.ok ? <Alert variant="success">{state.message}</Alert> : null}
      {state && !state.ok ? <Alert variant="error">{state.error}</Alert> : null}
      <input type="hidden" name="incidentId" value={incidentId} />
      <div className="space-y-1.5">
        <Label htmlFor="update-status">Status</Label>
        <select id="update-status" name="status" className={selectClassName} defaultValue={currentStatus}>
          {INCIDENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === "resolved" ? "Resolved (closes the incident)" : INCIDENT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="update-body">Update</Label>
        <textarea id="update-body" name="body" required minLength={3} maxLength={INCIDENT_UPDATE_MAX} className={TEXTAREA} aria-invalid={errors.body ? true : undefined} />
        <FieldError>{errors.body?.[0]}</FieldError>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Posting…" : "Post update"}
      </Button>
    </form>
  );
}
