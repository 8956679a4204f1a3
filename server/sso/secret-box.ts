import "server-only";
import { sealedBox } from "../crypto/sealed-box";

// Client secrets of identity providers, sealed (server/crypto/sealed-box.ts) and bound to their
// workspace and connection.

const box = sealedBox({ salt: "atrium-sso-secret-box", info: "sso client secret v1" });

export type SecretContext = { tenantId: string; connectionId: string };

const boundTo = (context: SecretContext) => `${context.tenantId}/${context.connectionId}`;

export function sealSecret(plaintext: string, context: SecretContext): string {
  return box.seal(plaintext, boundTo(context));
}

/** The secret, or null when the box was tampered with, moved, or sealed under another AUTH_SECRET. */
export function openSecret(sealed: string, context: SecretContext): string | null {
  return box.open(sealed, boundTo(context));
}
