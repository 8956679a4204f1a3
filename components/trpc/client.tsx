"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { createAtriumClient } from "./links";

export { toClientError, type ClientError } from "./links";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/**
 * tRPC and React Query for the pages whose forms call procedures (about 20 kB of JavaScript):
 * rendered by those pages, not by the dashboard's frame, so a page without forms never loads it.
 * test/client-providers.test.ts checks that every component calling useTRPC has one above it.
 */
export function TrpcQueryProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } },
      }),
  );
  const [trpcClient] = useState(createAtriumClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
