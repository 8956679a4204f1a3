"use client";

import { startTransition, useActionState, useEffect, useId, useState, type FormEvent, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";
import { operatorWorkspaceAction, type OperatorActionResult } from "@/server/operators/actions";

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
 * Every operator action goes through this: a modal (the browser's own <dialog>: focus trapped,
 * Escape closes, focus returns to the opener) that asks for a reason, which lands in both audit
 * logs, and a deliberate confirmation. The outcome (or the server's message) shows in the dialog
 * while it is open and beside the opener once it closes.
 */
export function ReasonDialog({ action, tenantId, label, title, description, confirmLabel, destructive = false, values = {}, children }: ReasonDialogProps) {
  const [dialog, setDialog] = useState<HTMLDialogElement | null>(null);
  const [state, submit, pending] = useActionState<OperatorActionResult, FormData>(operatorWorkspaceAction, null);
  // One attempt per opening: a double click on Confirm is the same request to the billing provider.
  const [attemptId, setAttemptId] = useState("");
  const id = useId();

  useEffect(() => {
    if (state?.ok) dialog?.close();
  }, [state, dialog]);

  const open = () => {
    setAttemptId(crypto.randomUUID());
    dialog?.showModal();
  };
  const reasonError = state && !state.ok ? state.fieldErrors?.reason?.[0] : undefined;
  // Submitted by hand rather than through <form action>: React resets a form after its action,
  // and a refused action must leave the reason (and the other fields) as typed.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => submit(formData));
  };

  return (
    <div className="space-y-2">
      <Button type="button" variant={destructive ? "destructive" : "outline"} size="sm" onClick={open} aria-haspopup="dialog">
        {label}
      </Button>
      {state?.ok ? (
        <p role="status" className="text-sm text-muted-foreground">
          {state.message}
        </p>
      ) : null}
      <dialog
        ref={setDialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-description`}
        onCancel={(event) => pending && event.preventDefault()}
        className="m-auto w-[calc(100vw-2rem)] max-w-lg rounded-md border border-border bg-card p-0 text-left text-foreground shadow-lg backdrop:bg-black/50"
      >
        <form onSubmit={onSubmit} className="grid max-h-[calc(100dvh-2rem)] gap-4 overflow-y-auto p-6">
          <div className="flex flex-col gap-1.5">
            <h2 id={`${id}-title`} className="text-lg font-semibold leading-tight">
              {title}
            </h2>
            <p id={`${id}-description`} className="text-sm text-muted-foreground">
              {description}
            </p>
          </div>
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
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button type="button" variant="outline" disabled={pending} onClick={() => dialog?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant={destructive ? "destructive" : "primary"} loading={pending}>
              {confirmLabel}
            </Button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
