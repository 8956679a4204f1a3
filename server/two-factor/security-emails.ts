import type { Transaction } from "../db/client";
import { enqueueEmails } from "../email/enqueue-email";
import { emailTranslator } from "../email/email-text";

// Security notices to the account's own address, in its language, written in the transaction of
// the change. Each dedupe key names the one event it reports, so a replay never sends it twice.

type Person = { id: string; email: string; name: string; locale: string | null };

function notice(user: Person, kind: "added" | "removed" | "recoveryUsed", remaining = 0) {
  const t = emailTranslator(user.locale);
  const body = t(`secondFactor.${kind}Text`, { name: user.name, remaining });
  return { to: user.email, subject: t(`secondFactor.${kind}Subject`), text: `${body}\n\n${t("secondFactor.footer")}\n` };
}

export async function emailSecondFactorAdded(tx: Transaction, user: Person, eventKey: string): Promise<void> {
  await enqueueEmails(tx, [
    {
      ...notice(user, "added"),
      dedupeKey: `2fa-added:${user.id}:${eventKey}`,
    },
  ]);
}

export async function emailSecondFactorRemoved(tx: Transaction, user: Person, eventKey: string): Promise<void> {
  await enqueueEmails(tx, [
    {
      ...notice(user, "removed"),
      dedupeKey: `2fa-removed:${user.id}:${eventKey}`,
    },
  ]);
}

export async function emailRecoveryCodeUsed(tx: Transaction, user: Person, codeId: string, remaining: number): Promise<void> {
  await enqueueEmails(tx, [
    {
      ...notice(user, "recoveryUsed", remaining),
      dedupeKey: `2fa-recovery-used:${codeId}`,
    },
  ]);
}
