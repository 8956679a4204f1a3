"use client";

import { cloneElement, useId, useState, type MouseEvent, type ReactElement, type ReactNode } from "react";
import { Button } from "./button";

// Confirmations use the browser's own modal <dialog> (showModal): it sits in the top layer,
// makes the rest of the page inert, traps the focus, closes on Escape and gives the focus back
// to the button that opened it. Radix's Dialog did the same in JavaScript, for about 14 kB gzip
// on every page with a confirmation.

export type ConfirmDialogProps = {
  /** The button that opens the dialog. */
  trigger: ReactElement<{ onClick?: (event: MouseEvent<HTMLButtonElement>) => void; "aria-haspopup"?: "dialog" }>;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: ReactNode;
  cancelLabel?: ReactNode;
  destructive?: boolean;
  onConfirm: () => void | Promise<void>;
};

export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  cancelLabel = "Cancel",
  destructive = false,
  onConfirm,
}: ConfirmDialogProps) {
  // The element as state (a callback ref), so the handlers below read no ref during render.
  const [dialog, setDialog] = useState<HTMLDialogElement | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();

  const open = () => dialog?.showModal();
  const close = () => dialog?.close();

  async function handleConfirm() {
    setPending(true);
    try {
      await onConfirm();
      close();
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      {cloneElement(trigger, { onClick: open, "aria-haspopup": "dialog" })}
      <dialog
        ref={setDialog}
        role="alertdialog"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-description`}
        // While the action runs, Escape does not close it (the outcome would have nowhere to show).
        onCancel={(event) => pending && event.preventDefault()}
        // The dialog element itself is only hit outside the content: a click on the backdrop.
        onClick={(event) => event.target === dialog && !pending && close()}
        className="m-auto w-[calc(100vw-2rem)] max-w-lg whitespace-normal rounded-md border border-border bg-card p-0 text-left text-foreground shadow-lg open:animate-zoom-in backdrop:bg-black/50"
      >
        <div className="relative grid max-h-[calc(100dvh-2rem)] gap-4 overflow-y-auto p-6">
          <div className="flex flex-col gap-1.5 pr-8">
            <h2 id={`${id}-title`} className="text-lg font-semibold leading-tight">
              {title}
            </h2>
            <p id={`${id}-description`} className="text-sm text-muted-foreground">
              {description}
            </p>
          </div>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="outline" disabled={pending} onClick={close}>
              {cancelLabel}
            </Button>
            <Button variant={destructive ? "destructive" : "primary"} loading={pending} onClick={handleConfirm}>
              {confirmLabel}
            </Button>
          </div>
          {!pending && (
            <button
              type="button"
              onClick={close}
              className="absolute right-3 top-3 inline-flex size-9 items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-muted hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            >
              <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
                <path d="M18 6 6 18M6 6l12 12" />
              </svg>
              <span className="sr-only">Close</span>
            </button>
          )}
        </div>
      </dialog>
    </>
  );
}
