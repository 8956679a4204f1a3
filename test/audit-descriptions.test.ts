import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeAuditEvent } from "../components/audit/describe-event";

// Every action the workspace's audit log can hold reads as a sentence, never as its code. The
// actions are found in the code that writes them (action: "…" and actOnWorkspace(…, "…")), so a
// new one fails here until it has its description.

/** Written to the operators' own log only (server/operators/operator-audit.ts), or by tests. */
const NOT_IN_WORKSPACE_LOG = /^(console\.refused|incident\.\w+|insights\.read|job\.retried|revenue\.read|sla\.read|workspace\.viewed|workspaces\.list|test\.\w+|operator\.\w+_(requested|failed)|operator\.(second_factor_reset|verification_resent|plan_change|workspace_cancel))$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function recordedActions(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(path.resolve(__dirname, "../server"))) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/action: "([a-z_]+\.[a-z_.]+)"/g)) found.add(match[1]!);
    for (const match of text.matchAll(/actOnWorkspace(?:<[^>]*>)?\(\s*\w+,\s*"([a-z_]+\.[a-z_.]+)"/g)) found.add(match[1]!);
  }
  return [...found].filter((action) => !NOT_IN_WORKSPACE_LOG.test(action)).sort();
}

describe("describeAuditEvent", () => {
  it("describes every action the workspace's audit log can hold", () => {
    const actions = recordedActions();
    expect(actions.length).toBeGreaterThan(50);
    // The scan finds the log's actions (a broken pattern would find none and pass).
    expect(actions).toEqual(expect.arrayContaining(["tenant.renamed", "api_key.created", "operator.workspace_suspended", "billing.duplicate_refunded"]));
    expect(actions.filter((action) => describeAuditEvent(action, {}) === action)).toEqual([]);
  });

  it("uses the event's figures and the reason an operator gave", () => {
    expect(describeAuditEvent("api_key.rotated", { name: "Backend", oldPrefix: "atr_live_ab", newPrefix: "atr_live_cd" })).toBe("Rotated the API key “Backend”: atr_live_cd… replaces atr_live_ab…");
    expect(describeAuditEvent("usage.threshold_reached", { metric: "units", threshold: 80 })).toBe("Usage units reached 80 % of the plan's limit");
    expect(describeAuditEvent("usage.threshold_reached", { metric: "toString", threshold: 80 })).toBe("toString reached 80 % of the plan's limit");
    expect(describeAuditEvent("operator.plan_changed", { from: { planId: "pro", interval: "month" }, to: { planId: "enterprise", interval: "year" }, reason: "agreed by phone" })).toBe(
      "Platform support changed the plan from Pro (monthly) to Enterprise (yearly) — reason given: agreed by phone",
    );
  });
});
