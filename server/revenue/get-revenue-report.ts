import "server-only";
import { readOperatorRevenue } from "../db/cross-tenant";
import { AppError } from "../errors";
import { ZRevenueAggregates } from "./revenue-aggregates";
import { summarizeRevenue, type RevenueSummary } from "./summarize-revenue";

export type GetRevenueReportOptions = {
  /** The operator's console session (readOperatorConsole); the read is refused for anything else and audited. */
  reader: { sessionId: string | null; meta: { ip: string | null; userAgent: string | null } };
  /** How many calendar months (UTC) to show, the current one included. */
  months?: number;
  now?: Date;
};

export const MAX_REPORT_MONTHS = 36;

/** The operator console's revenue figures, across all workspaces, through the audited aggregate read. */
export async function getRevenueReport({ reader, months = 12, now = new Date() }: GetRevenueReportOptions): Promise<RevenueSummary> {
  if (!Number.isInteger(months) || months < 1 || months > MAX_REPORT_MONTHS) {
    throw new AppError("BAD_REQUEST", `Choose between 1 and ${MAX_REPORT_MONTHS} months.`);
  }
  const raw = await readOperatorRevenue({ ...reader, months, now });
  return summarizeRevenue(ZRevenueAggregates.parse(raw));
}
