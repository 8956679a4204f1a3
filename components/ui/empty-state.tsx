import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

export type EmptyStateProps = Omit<ComponentProps<"div">, "title"> & {
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
  /** 2 where the empty state sits right under the page's h1 (heading order); 3 under a section or card. */
  headingLevel?: 2 | 3;
};

export function EmptyState({ title, description, action, icon, headingLevel = 3, className, ...props }: EmptyStateProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-md border border-dashed border-border px-4 py-10 text-center",
        className,
      )}
      {...props}
    >
      {icon && (
        <div className="flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground" aria-hidden="true">
          {icon}
        </div>
      )}
      <div className="flex max-w-md flex-col gap-1">
        <Heading className="text-base font-semibold text-foreground">{title}</Heading>
        {description && <p className="text-sm text-muted-foreground">{description}</p>}
      </div>
      {action && <div className="mt-1 flex w-full min-w-0 flex-wrap justify-center gap-2">{action}</div>}
    </div>
  );
}
