"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { useServerText } from "@/components/i18n/server-text";
import { cn } from "./cn";

// Notifications after an action ("Invitation sent"). A live region that is always in the page
// (screen readers announce what is added to it; errors as alerts), each toast closing itself
// after `duration` unless the pointer or the focus is on it. Written here rather than taken from
// Radix's Toast, which cost every dashboard page about 10 kB gzip for this.

export type ToastVariant = "default" | "success" | "error";

export type ToastOptions = {
  title: ReactNode;
  description?: ReactNode;
  variant?: ToastVariant;
  duration?: number;
};

type ToastItem = ToastOptions & { id: number };

type ToastContextValue = { toast: (options: ToastOptions) => void };

const ToastContext = createContext<ToastContextValue | null>(null);

const variants: Record<ToastVariant, string> = {
  default: "border-border",
  success: "border-success/50 [&_[data-toast-title]]:text-success",
  error: "border-destructive/50 [&_[data-toast-title]]:text-destructive",
};

let nextId = 0;

function ToastCard({ item, duration, onDismiss }: { item: ToastItem; duration: number; onDismiss: (id: number) => void }) {
  const [held, setHeld] = useState(false);
  const t = useTranslations("Common");
  const { id, title, description, variant = "default" } = item;
  const serverText = useServerText();
  const wait = item.duration ?? duration;
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => onDismiss(id), wait);
    return () => clearTimeout(timer);
  }, [held, id, wait, onDismiss]);
  return (
    <li
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
      className={cn("pointer-events-auto relative flex w-full animate-slide-in items-start gap-3 rounded-md border bg-card p-4 pr-10 text-foreground shadow-lg", variants[variant])}
    >
      <div className="grid gap-1">
        <p data-toast-title="" className="text-sm font-semibold">
          {typeof title === "string" ? serverText(title) : title}
        </p>
        {description ? <p className="text-sm text-muted-foreground">{typeof description === "string" ? serverText(description) : description}</p> : null}
      </div>
      <button
        type="button"
        aria-label={t("dismissNotification")}
        onClick={() => onDismiss(id)}
        className="absolute right-2 top-2 inline-flex size-8 items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
          <path d="M18 6 6 18M6 6l12 12" />
        </svg>
      </button>
    </li>
  );
}

export function Toaster({ children, duration = 5000 }: { children?: ReactNode; duration?: number }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const t = useTranslations("Common");

  const toast = useCallback((options: ToastOptions) => {
    const id = ++nextId;
    setItems((current) => [...current.slice(-4), { ...options, id }]);
  }, []);

  const dismiss = useCallback((id: number) => {
    setItems((current) => current.filter((item) => item.id !== id));
  }, []);

  const value = useMemo(() => ({ toast }), [toast]);

  return (
    <ToastContext.Provider value={value}>
      {children}
      {/* Below the header at the top right, where no page keeps its primary action (a toast at the
          bottom covered "Continue" in the setup on a phone). Errors and the rest each have their
          own live region, so every toast is announced once: errors at once, the others politely. */}
      <section aria-label={t("notifications")} className="pointer-events-none fixed top-16 right-0 z-[100] flex w-full max-w-sm flex-col gap-2 p-4 sm:right-4 sm:p-0">
        <ol aria-live="assertive" className="m-0 flex list-none flex-col gap-2 p-0 empty:hidden">
          {items
            .filter((item) => item.variant === "error")
            .map((item) => (
              <ToastCard key={item.id} item={item} duration={duration} onDismiss={dismiss} />
            ))}
        </ol>
        <ol aria-live="polite" className="m-0 flex list-none flex-col gap-2 p-0 empty:hidden">
          {items
            .filter((item) => item.variant !== "error")
            .map((item) => (
              <ToastCard key={item.id} item={item} duration={duration} onDismiss={dismiss} />
            ))}
        </ol>
      </section>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastContextValue {
  const context = useContext(ToastContext);
  if (!context) throw new Error("useToast must be used within <Toaster>");
  return context;
}
