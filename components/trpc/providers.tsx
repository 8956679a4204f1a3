"use client";

import type { ReactNode } from "react";
import { Toaster } from "@/components/ui/toast";
import { TrpcQueryProvider } from "./client";

/**
 * tRPC, React Query and toasts, for the pages outside the dashboard that call procedures from the
 * browser (creating a workspace, the account page, the suspended notice). Not in the root layout:
 * the prerendered marketing pages would download all three for nothing. The dashboard's frame has
 * its own toasts, and its pages with forms render TrpcQueryProvider.
 */
export function ClientProviders({ children }: { children: ReactNode }) {
  return (
    <TrpcQueryProvider>
      <Toaster>{children}</Toaster>
    </TrpcQueryProvider>
  );
}
