"use client";

import type { ReactNode } from "react";
import { Toaster } from "@/components/ui/toast";
import { TrpcQueryProvider } from "./client";

/**
 * tRPC, React Query and toasts, for the layouts and pages that call procedures from the browser
 * (the dashboard, creating a workspace, the suspended notice). Not in the root layout: the
 * prerendered marketing pages would download all three for nothing.
 */
export function ClientProviders({ children }: { children: ReactNode }) {
  return (
    <TrpcQueryProvider>
      <Toaster>{children}</Toaster>
    </TrpcQueryProvider>
  );
}
