import { describe, expect, it } from "vitest";
import { clientFiles, layoutsAbove, lazyClientModules, packagesOf, routeFiles, sourceText } from "@/lib/client-graph";

// The tRPC and React Query client (about 20 kB of JavaScript) is loaded only by the pages whose
// forms call procedures: each such page renders a provider, and the dashboard's frame renders
// none (issue 10). Next.js loads every client module a page imports statically, rendered or not,
// so these checks read the import graph (lib/client-graph.ts).

const PROVIDER = /<(?:TrpcQueryProvider|ClientProviders)\b/;
// tRPC's hooks, and React Query's, which need its provider as much.
const CALLS_TRPC = /\buse(?:TRPC|QueryClient|Query|Queries|Mutation|SuspenseQuery|InfiniteQuery|IsFetching|IsMutating)\(/;
const TRPC_PACKAGES = new Set(["@tanstack/react-query", "@trpc/client", "@trpc/tanstack-react-query"]);
const TRPC_MODULES = new Set(["components/trpc/client.tsx", "components/trpc/links.ts", "components/trpc/providers.tsx"]);

const trpcCallers = (entry: string) => [...clientFiles(entry)].filter(([, text]) => CALLS_TRPC.test(text)).map(([file]) => file);

describe("tRPC providers", () => {
  it("reads calls and providers from the sources", () => {
    expect(trpcCallers("app/t/[tenant]/dashboard/members/page.tsx")).toContain("components/members/invite-form.tsx");
    expect(PROVIDER.test(sourceText("app/t/[tenant]/dashboard/members/page.tsx"))).toBe(true);
  });

  for (const file of routeFiles("app")) {
    it(`${file}: every component calling tRPC has a provider above it`, () => {
      const callers = trpcCallers(file);
      const provided = [...layoutsAbove(file), file].some((f) => PROVIDER.test(sourceText(f)));
      expect(provided ? [] : callers, "render <TrpcQueryProvider> in the page").toEqual([]);
    });
  }

  // A module downloaded later (the bell's panel) is rendered where no provider is: it brings its own.
  const lazyModules = [...new Set(routeFiles("app").flatMap((file) => lazyClientModules(file)))];
  it("finds the modules downloaded later", () => {
    expect(lazyModules).toContain("components/notifications/notification-panel.tsx");
  });
  for (const file of lazyModules) {
    it(`${file}, downloaded later, brings a provider for its tRPC calls`, () => {
      expect(PROVIDER.test(sourceText(file)) ? [] : trpcCallers(file), "render <TrpcQueryProvider> in the module").toEqual([]);
    });
  }

  // Pages without forms, and the frame around every dashboard page.
  for (const file of ["app/t/[tenant]/dashboard/layout.tsx", "app/t/[tenant]/dashboard/page.tsx", "app/t/[tenant]/dashboard/audit/page.tsx", "app/(marketing)/[locale]/page.tsx"]) {
    it(`${file} loads no tRPC or React Query code`, () => {
      const loaders = [...clientFiles(file).keys()].filter((f) => TRPC_MODULES.has(f) || packagesOf(f).some((name) => TRPC_PACKAGES.has(name)));
      expect(loaders).toEqual([]);
    });
  }
});
