import type { ComponentProps, ReactNode } from "react";
import { ServerText } from "@/components/i18n/server-text";
import { cn } from "./cn";

export type AlertVariant = "info" | "warning" | "error" | "success";

const variants: Record<AlertVariant, string> = {
  info: "border-border bg-muted/50 text-foreground",
  warning: "border-warning/40 bg-warning/10 text-foreground [&_[data-alert-title]]:text-warning",
  error: "border-destructive/40 bg-destructive/10 text-foreground [&_[data-alert-title]]:text-destructive",
  success: "border-success/40 bg-success/10 text-foreground [&_[data-alert-title]]:text-success",
};

export type AlertProps = Omit<ComponentProps<"div">, "title"> & {
  variant?: AlertVariant;
  title?: ReactNode;
};

export function Alert({ variant = "info", title, className, children, ...props }: AlertProps) {
  const urgent = variant === "error" || variant === "warning";
  return (
    <div
      role={urgent ? "alert" : "status"}
      className={cn("flex w-full flex-col gap-1 rounded-md border px-4 py-3 text-sm", variants[variant], className)}
      {...props}
    >
      {title && (
        <p data-alert-title="" className="font-semibold">
          {title}
        </p>
      )}
      {/* A plain sentence is often the server's (a form's error): shown in the page's language. */}
      {children && <div className="text-foreground/90">{typeof children === "string" ? <ServerText text={children} /> : children}</div>}
    </div>
  );
}
