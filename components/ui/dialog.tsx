"use client";

import { cloneElement, useId, useState, type MouseEvent, type ReactElement, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { Button } from "./button";

// Confirmations use the browser's own modal <dialog> (showModal): it sits in the top layer,
// makes the rest of the page inert, traps the focus, closes on Escape and gives the focus back
// to the button that opened it. Radix's Dialog did the same in JavaScript, for about 14 kB gzip
// on every page with a confirmation.

export type DialogProps = {
  /**
   * The <dialog> element, kept by the caller as state (a callback ref: handlers read no ref
   * during render): `useState<HTMLDialogElement | null>(null)`; open it with showModal().
   */
  element: HTMLDialogElement | null;
  onElement: (element: HTMLDialogElement | null) => void;
  title: ReactNode;
  description: ReactNode;
  /** `alertdialog` for a yes/no confirmation; `dialog` (the element's own role) for a form. */
  role?: "dialog" | "alertdialog";
  /** While an action runs, Escape, the backdrop and the close button do nothing (the outcome would have nowhere to show). */
  pending?: boolean;
  /** The body and the buttons, below the title and description. */
  children: ReactNode;
};

/** The frame every modal shares: title, description, a close button, a scrolling body. */
export function Dialog({ element, onElement, title, description, role = "dialog", pending = false, children }: DialogProps) {
  const id = useId();
  const t = useTranslations("Common");
  return (
    <dialog
      ref={onElement}
      role={role === "alertdialog" ? "alertdialog" : undefined}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-description`}
      onCancel={(event) => pending && event.preventDefault()}
      // The dialog element itself is only hit outside the content: a click on the backdrop.
      onClick={(event) => event.target === element && !pending && element.close()}
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
        {children}
        {!pending && (
          <button
            type="button"
            onClick={() => element?.close()}
            className="absolute right-3 top-3 inline-flex size-9 items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-muted hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
              <path d="M18 6 6 18M6 6l12 12" />
            </svg>
            <span className="sr-only">{t("close")}</span>
          </button>
        )}
      </div>
    </dialog>
  );
}

/** The Cancel and confirm buttons at the foot of a dialog (a form's submit when `type` is "submit"). */
export function DialogButtons({
  onCancel,
  pending,
  cancelLabel,
  confirmLabel,
  destructive = false,
  type = "button",
  onConfirm,
}: {
  onCancel: () => void;
  pending: boolean;
  cancelLabel?: ReactNode;
  confirmLabel: ReactNode;
  destructive?: boolean;
  type?: "button" | "submit";
  onConfirm?: () => void;
}) {
  const t = useTranslations("Common");
  return (
    <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
      <Button type="button" variant="outline" disabled={pending} onClick={onCancel}>
        {cancelLabel ?? t("cancel")}
      </Button>
      <Button type={type} variant={destructive ? "destructive" : "primary"} loading={pending} onClick={onConfirm}>
        {confirmLabel}
      </Button>
    </div>
  );
}

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

export function ConfirmDialog({ trigger, title, description, confirmLabel, cancelLabel, destructive = false, onConfirm }: ConfirmDialogProps) {
  const [dialog, setDialog] = useState<HTMLDialogElement | null>(null);
  const [pending, setPending] = useState(false);
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
      {cloneElement(trigger, { onClick: () => dialog?.showModal(), "aria-haspopup": "dialog" })}
      <Dialog element={dialog} onElement={setDialog} role="alertdialog" title={title} description={description} pending={pending}>
        <DialogButtons onCancel={close} pending={pending} cancelLabel={cancelLabel} confirmLabel={confirmLabel} destructive={destructive} onConfirm={handleConfirm} />
      </Dialog>
    </>
  );
}
