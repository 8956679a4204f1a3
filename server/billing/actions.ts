"use server";

import { redirect } from "next/navigation";
import { BILLING_INTERVALS, CURRENCIES, isPlanId, PLANS } from "../../lib/plans";
import { listUserWorkspaces } from "../db/cross-tenant";
import { getSessionUser } from "../auth/current-user";
import { handoffUrl } from "../auth/handoff-url";

/** Pricing page CTA for a signed-in user: straight to checkout in a workspace they pay for. */
export async function choosePlanAction(formData: FormData): Promise<void> {
  const planId = formData.get("planId");
  const interval = BILLING_INTERVALS.find((i) => i === formData.get("interval")) ?? "month";
  if (!isPlanId(planId) || !PLANS[planId].selfServe) redirect("/pricing");
  const user = await getSessionUser();
  if (!user) redirect(`/sign-up`);
  const workspaces = await listUserWorkspaces(user.id);
  const payable = workspaces.find((w) => w.role === "owner" || w.role === "billing");
  if (!payable) redirect("/new");
  // The currency the prices were shown in: Billing starts the checkout only if the workspace pays in it.
  const currency = CURRENCIES.find((c) => c === formData.get("currency")) ?? "usd";
  const next = `/dashboard/billing?${new URLSearchParams({ plan: planId, interval, currency, start: "1" })}`;
  redirect(await handoffUrl(user.id, { kind: "tenant", slug: payable.slug }, next));
}
