import { z } from "zod";

// What atrium_operator_revenue() returns (drizzle/0030_mrr_movements.sql): sums and counts only.
// Postgres sums of bigint arrive as numbers in JSON; coerce keeps a string from breaking a figure.
const cents = z.coerce.number().int();
const count = z.coerce.number().int().nonnegative();

export const ZRevenueMonth = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  newCents: cents,
  expansionCents: cents,
  /** Negative or zero. */
  contractionCents: cents,
  /** Negative or zero. */
  churnCents: cents,
  reactivationCents: cents,
  newLogos: count,
  churnedLogos: count,
  reactivatedLogos: count,
  openingMrrCents: cents,
  openingPaying: count,
  closingMrrCents: cents,
  closingPaying: count,
});

export const ZRevenueAggregates = z.object({
  months: z.array(ZRevenueMonth),
  statuses: z.array(z.object({ status: z.string(), count })),
  plans: z.array(z.object({ planId: z.string().nullable(), interval: z.string().nullable(), accounts: count, mrrCents: cents })),
  /** Workspaces created in the window: all of them, those whose trial has ended or converted, and those that paid. */
  trials: z.object({ started: count, decided: count, converted: count }),
});

export type RevenueMonth = z.infer<typeof ZRevenueMonth>;
export type RevenueAggregates = z.infer<typeof ZRevenueAggregates>;
