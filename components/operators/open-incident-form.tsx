"use client";

import { Alert } from "@/components/ui/alert";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { COMPONENT_LABELS, IMPACT_LABELS, INCIDENT_IMPACTS, INCIDENT_STATUS_LABELS, INCIDENT_TITLE_MAX, INCIDENT_UPDATE_MAX, STATUS_COMPONENTS } from "@/lib/status-page/catalog";
import { openIncidentAction, type StatusActionResult } from "@/server/status-page/actions";
import { selectClassName } from "@/components/ui/select";

const TEXTAREA = "min-h-24 w-full rounded-md border border-border bg-background px-3 py-2 text-base sm:text-sm";

/** Opens an incident on the status page (operator admins); the first update goes out to subscribers. */
export function OpenIncidentForm() {
  const { formRef, state, pending, onSubmit } = useKeptForm<StatusActionResult>(openIncidentAction, { resetOnSuccess: true });
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-4">
      {state?.ok ? (
        <Alert variant="success">
          {state.message} <a className="underline" href={`/incidents/${state.incidentId}`}>Open it</a>
        </Alert>
      ) : null}
      {state && !state.ok ? <Alert variant="error">{state.error}</Alert> : null}
      <div className="space-y-1.5">
        <Label htmlFor="incident-title">Title</Label>
        <Input id="incident-title" name="title" required minLength={3} maxLength={INCIDENT_TITLE_MAX} aria-invalid={errors.title ? true : undefined} />
        <FieldError>{errors.title?.[0]}</FieldError>
      </div>
      <fieldset className="space-y-1.5">
        <legend className="text-sm font-medium">Affected components</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-2">
          {STATUS_COMPONENTS.map((c) => (
            <label key={c} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="components" value={c} className="size-4" />
              {COMPONENT_LABELS[c]}
            </label>
          ))}
        </div>
        <FieldError>{errors.components?.[0]}</FieldError>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <Label htmlFor="incident-impact">Impact</Label>
          <select id="incident-impact" name="impact" className={selectClassName} defaultValue="major">
            {INCIDENT_IMPACTS.map((i) => (
              <option key={i} value={i}>
                {IMPACT_LABELS[i]}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="incident-status">Status</Label>
          <select id="incident-status" name="status" className={selectClassName} defaultValue="investigating">
            {(["investigating", "identified", "monitoring"] as const).map((s) => (
              <option key={s} value={s}>
                {INCIDENT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="incident-body">First update</Label>
        <textarea id="incident-body" name="body" required minLength={3} maxLength={INCIDENT_UPDATE_MAX} className={TEXTAREA} aria-invalid={errors.body ? true : undefined} />
        <FieldError>{errors.body?.[0]}</FieldError>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Opening…" : "Open incident"}
      </Button>
    </form>
  );
}
