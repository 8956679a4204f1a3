"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { Toast as ToastPrimitive } from "radix-ui";
import { cn } from "./cn";

export type ToastVariant = "default" | "success" | "error";

export type ToastOptions = {
  title: ReactNode;
  description?: ReactNode;
  variant?: ToastVariant;
  duration?: number;
};

type ToastItem = ToastOptions & { id: number; open: boolean };

type ToastContextValue = { toast: (options: ToastOptions) => void };

// Marked pure so that pages importing other things from the components/ui barrel can drop this module.
const ToastContext = /* @__PURE__ */ createContext<ToastContextValue | null>(null);

const variants: Record<ToastVariant, string> = {
  default: "border-border",
  success: "border-success/50 [&_[data-toast-title]]:text-success",
  error: "border-destructive/50 [&_[data-toast-title]]:text-destructive",
};

let nextId = 0;

export function Toaster({ children, duration = 5000 }: { children?: ReactNode; duration?: number }) {
  const [items, setItems] = useState<ToastItem[]>([]);

  const toast = useCallback((options: ToastOptions) => {
    const id = ++nextId;
    setItems((current) => [...current.slice(-4), { ...options, id, open: true }]);
  }, []);

  const dismiss = useCallback((id: number) => {
    setItems((current) => current.map((item) => (item.id === id ? { ...item, open: false } : item)));
    setTimeout(() => setItems((current) => current.filter((item) => item.id !== id)), 300);
  }, []);

  const value = useMemo(() => ({ toast }), [toast]);

  return (
    <ToastContext.Provider value={value}>
      <ToastPrimitive.Provider duration={duration} swipeDirection="right">
        {children}
        {items.map(({ id, open, title, description, variant = "default", duration: itemDuration }) => (
          <ToastPrimitive.Root
            key={id}
            open={open}
            duration={itemDuration}
            type={variant === "error" ? "foreground" : "background"}
            onOpenChange={(next) => !next && dismiss(id)}
            className={cn(
              "relative flex w-full items-start gap-3 rounded-md border bg-card p-4 pr-10 text-foreground shadow-lg",
              "data-[state=open]:animate-slide-in data-[state=closed]:opacity-0 data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x) data-[swipe=cancel]:translate-x-0 data-[swipe=end]:translate-x-(--radix-toast-swipe-end-x) transition-opacity",
              variants[variant],
            )}
          >
            <div className="grid gap-1">
              <ToastPrimitive.Title data-toast-title="" className="text-sm font-semibold">
                {title}
              </ToastPrimitive.Title>
              {description && (
                <ToastPrimitive.Description className="text-sm text-muted-foreground">
                  {description}
                </ToastPrimitive.Description>
              )}
            </div>
            <ToastPrimitive.Close
              aria-label="Dismiss notification"
              className="absolute right-2 top-2 inline-flex size-8 items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            >
              <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
                <path d="M18 6 6 18M6 6l12 12" />
              </svg>
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        ))}
        <ToastPrimitive.Viewport className="fixed bottom-0 right-0 z-[100] m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none sm:bottom-4 sm:right-4 sm:p-0" />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastContextValue {
  const context = useContext(ToastContext);
  if (!context) throw new Error("useToast must be used within <Toaster>");
  return context;
}
