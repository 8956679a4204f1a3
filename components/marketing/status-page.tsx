import type { ReactNode } from "react";

export function StatusPage({ code, title, children }: { code: string; title: string; children: ReactNode }) {
  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-muted-foreground">{code}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">{title}</h1>
      <div className="mt-4 max-w-md text-muted-foreground">{children}</div>
    </main>
  );
}
