import "server-only";
import { readOperatorConsole, type OperatorConsoleReader } from "@/server/auth/operator-access";

export type ConsoleOperator = Extract<OperatorConsoleReader, { kind: "operator" }>;

/**
 * A console page's operator, with what the audited read path needs. The admin layout has already
 * answered everyone else (sign-in, not found) and shows operators without a second factor the
 * notice in place of the page; for them this is null and the page renders nothing (and reads nothing).
 */
export async function consoleOperator(): Promise<ConsoleOperator | null> {
  const access = await readOperatorConsole();
  return access.kind === "operator" ? access : null;
}
