"use client";

import { useId, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogButtons } from "@/components/ui/dialog";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { FieldError } from "@/components/ui/input";
import { operatorWorkspaceAction, type OperatorActionResult } from "@/server/operators/actions";
import { useAnnounceOutcome } from "./action-outcome";

export type ReasonDialogProps = {
  /** The operator action (server/operators/actions.ts) and the workspace it is about. */
  action: string;
  tenantId: string;
  /** Label of the button that opens the dialog, and the dialog's title. */
  label: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  /** Extra hidden values (an invitation id, a user id). */
  values?: Record<string, string>;
  /** Extra fields (a number of days, a plan), inside the form. */
  children?: ReactNode;
};

/**
 * Every operator action goes through this: the ui Dialog asking for a reason, which lands in both
 * audit logs, and a deliberate confirmation. A refusal (or the server's message) shows in the
 * dialog; a success closes it and goes to the page's ActionOutcomeRegion, which outlives the
 * refresh that follows.
 */
export function ReasonDialog({ action, tenantId, label, title, description, confirmLabel, destructive = false, values = {}, children }: ReasonDialogProps) {
  const [dialog, setDialog] = useState<HTMLDialogElement | null>(null);
  const announce = useAnnounceOutcome();
  // Announced from the action itself, not from an effect: the refresh that comes with the result
  // may remove this dialog (and its effects) in the same commit.
  const { state, pending, onSubmit } = useKeptForm<OperatorActionResult>(operatorWorkspaceAction, {
    after: (result) => {
      if (!result?.ok) return;
      dialog?.close();
      announce(result.message);
    },
  });
  // One attempt per opening: a double click on Confirm is the same request to the billing provider.
  const [attemptId, setAttemptId] = useState("");
  const id = useId();

  const open = () => {
    setAttemptId(crypto.randomUUID());
    dialog?.showModal();
  };
  const reasonError = state && !state.ok ? state.fieldErrors?.reason?.[0] : undefined;

  return (
    <div className="space-y-2">
      <Button type="button" variant={destructive ? "destructive" : "outline"} size="sm" onClick={open} aria-haspopup="dialog">
        {label}
      </Button>
      <Dialog element={dialog} onElement={setDialog} title={title} description={description} pending={pending}>
        <form onSubmit={onSubmit} className="grid gap-4">
          <input type="hidden" name="action" value={action} />
          <input type="hidden" name="tenantId" value={tenantId} />
          <input type="hidden" name="attemptId" value={attemptId} />
          {Object.entries(values).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {children}
          <div className="grid gap-1.5">
            <label htmlFor={`${id}-reason`} className="text-sm font-medium">
              Reason (recorded in the operator log and the workspace&apos;s own)
            </label>
            <textarea
              id={`${id}-reason`}
              name="reason"
              required
              minLength={3}
              maxLength={500}
              rows={3}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? `${id}-reason-error` : undefined}
              className="rounded-md border border-input bg-background px-3 py-2 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            />
            {reasonError ? <FieldError id={`${id}-reason-error`}>{reasonError}</FieldError> : null}
          </div>
          {state && !state.ok && !reasonError ? <Alert variant="error">{state.error}</Alert> : null}
          <DialogButtons onCancel={() => dialog?.close()} pending={pending} confirmLabel={confirmLabel} destructive={destructive} type="submit" />
        </form>
      </Dialog>
    </div>
  );
}
