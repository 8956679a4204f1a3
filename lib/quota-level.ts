// One definition of the alert thresholds: the API's quota state, the banner and the usage bars.
export const WARNING_RATIO = 0.8;

export type QuotaLevel = "ok" | "warning" | "exceeded";

/** ok below 80% of the limit, warning from 80%, exceeded from 100%. */
export function quotaLevel(used: number, limit: number): QuotaLevel {
  if (limit <= 0) return used > 0 ? "exceeded" : "ok";
  return used >= limit ? "exceeded" : used >= limit * WARNING_RATIO ? "warning" : "ok";
}
