import Link from "next/link";
import type { ReactNode } from "react";

/**
 * The head of a console page other than the workspace list: a link back to the console, the
 * title, what the page shows, and (beside them on wide screens) the page's own controls.
 */
export function ConsolePageHeader({ title, description, children }: { title: string; description: ReactNode; children?: ReactNode }) {
  const heading = (
    <div>
      <p className="text-sm font-semibold text-muted-foreground">
        <Link href="/" className="hover:underline">
          Operator console
        </Link>
      </p>
      <h1 className="mt-1 text-3xl font-bold tracking-tight">{title}</h1>
      <p className="mt-2 text-muted-foreground">{description}</p>
    </div>
  );
  if (!children) return heading;
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      {heading}
      {children}
    </div>
  );
}
