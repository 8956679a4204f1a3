import "server-only";
import { operatorGetWorkspace, type OperatorWorkspaceRow } from "../db/cross-tenant";
import { AppError } from "../errors";
import { asOperator, planCatalogForSql, type OperatorReader } from "./operator-read";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type GetWorkspaceOrThrowOptions = OperatorReader & { tenantId: string };

/** One workspace for the console (audited in the database); not found for a bad or unknown id. */
export async function getWorkspaceOrThrow({ tenantId, ...reader }: GetWorkspaceOrThrowOptions): Promise<OperatorWorkspaceRow> {
  if (!UUID.test(tenantId)) throw new AppError("NOT_FOUND", "Workspace not found.");
  const row = await asOperator(reader, { action: "workspace.viewed", target: `tenant:${tenantId}`, tenantId }, (sessionId) => operatorGetWorkspace({ sessionId, tenantId, plans: planCatalogForSql(), meta: reader.meta }));
  if (!row) throw new AppError("NOT_FOUND", "Workspace not found.");
  return row;
}
