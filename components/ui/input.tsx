import type { ComponentProps } from "react";
import { ServerText } from "@/components/i18n/server-text";
import { cn } from "./cn";

export type InputProps = ComponentProps<"input">;

export function Input({ className, type = "text", ...props }: InputProps) {
  return (
    <input
      type={type}
      className={cn(
        "flex h-10 w-full min-w-0 rounded-md border border-border bg-background px-3 py-2 text-base text-foreground sm:text-sm",
        "placeholder:text-muted-foreground file:border-0 file:bg-transparent file:text-sm file:font-medium",
        "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-1 focus-visible:ring-offset-background",
        "disabled:cursor-not-allowed disabled:opacity-50",
        "aria-invalid:border-destructive aria-invalid:focus-visible:ring-destructive",
        className,
      )}
      {...props}
    />
  );
}

export type FieldErrorProps = ComponentProps<"p">;

export function FieldError({ className, children, ...props }: FieldErrorProps) {
  if (children == null || children === false || children === "") return null;
  return (
    <p role="alert" className={cn("text-sm font-medium text-destructive", className)} {...props}>
      {typeof children === "string" ? <ServerText text={children} /> : children}
    </p>
  );
}

export type FieldHintProps = ComponentProps<"p">;

export function FieldHint({ className, ...props }: FieldHintProps) {
  return <p className={cn("text-sm text-muted-foreground", className)} {...props} />;
}
