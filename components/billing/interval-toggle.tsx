"use client";

import { useTranslations } from "next-intl";
import { SegmentedControl } from "@/components/ui/segmented-control";
import type { BillingInterval } from "@/lib/plans";

export function IntervalToggle({ value, onChange }: { value: BillingInterval; onChange: (v: BillingInterval) => void }) {
  const t = useTranslations("Plans");
  const options: { id: BillingInterval; label: string }[] = [
    { id: "month", label: t("monthly") },
    { id: "year", label: t("yearly") },
  ];
  return <SegmentedControl label={t("interval")} value={value} options={options} onChange={onChange} />;
}
