import type { Transaction } from "../db/client";
import { enqueueEmails } from "../email/enqueue-email";

// Security notices to the account's own address, written in the transaction of the change. Each
// dedupe key names the one event it reports, so a replay never sends it twice.

type Person = { id: string; email: string; name: string };

const FOOTER = "If this was not you, sign in, change your password and set up two-factor authentication again, or contact support.";

export async function emailSecondFactorAdded(tx: Transaction, user: Person, eventKey: string): Promise<void> {
  await enqueueEmails(tx, [
    {
      to: user.email,
      subject: "Two-factor authentication is on",
      text: `Hello ${user.name},\n\nAn authenticator app was added to your Atrium account. Signing in now asks for a code from it (or one of your recovery codes).\n\n${FOOTER}\n`,
      dedupeKey: `2fa-added:${user.id}:${eventKey}`,
    },
  ]);
}

export async function emailSecondFactorRemoved(tx: Transaction, user: Person, eventKey: string): Promise<void> {
  await enqueueEmails(tx, [
    {
      to: user.email,
      subject: "Two-factor authentication was turned off",
      text: `Hello ${user.name},\n\nThe authenticator app was removed from your Atrium account, and its recovery codes no longer work. Signing in now needs only your password.\n\n${FOOTER}\n`,
      dedupeKey: `2fa-removed:${user.id}:${eventKey}`,
    },
  ]);
}

export async function emailRecoveryCodeUsed(tx: Transaction, user: Person, codeId: string, remaining: number): Promise<void> {
  await enqueueEmails(tx, [
    {
      to: user.email,
      subject: "A recovery code was used to sign in",
      text: `Hello ${user.name},\n\nOne of your recovery codes was just used for your Atrium account. It cannot be used again; ${remaining} ${remaining === 1 ? "code is" : "codes are"} left. If your authenticator app is lost, turn two-factor authentication off and on again in your account settings to get new codes.\n\n${FOOTER}\n`,
      dedupeKey: `2fa-recovery-used:${codeId}`,
    },
  ]);
}
