"use client";

import { SegmentedControl } from "@/components/ui/segmented-control";
import type { BillingInterval } from "@/lib/plans";

const OPTIONS: { id: BillingInterval; label: string }[] = [
  { id: "month", label: "Monthly" },
  { id: "year", label: "Yearly · 2 months free" },
];

export function IntervalToggle({ value, onChange }: { value: BillingInterval; onChange: (v: BillingInterval) => void }) {
  return <SegmentedControl label="Billing interval" value={value} options={OPTIONS} onChange={onChange} />;
}
