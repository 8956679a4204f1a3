import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

/** What `insight.latest` returns (dates are Dates: the client's transformer revives them). */
export type LatestInsights = inferRouterOutputs<AppRouter>["insight"]["latest"];
export type InsightRunView = NonNullable<LatestInsights["run"]>;
export type InsightFacts = NonNullable<LatestInsights["report"]>["facts"];
