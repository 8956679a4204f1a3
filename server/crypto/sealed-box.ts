import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { requireAuthSecret } from "../env";

// Secrets the server must read back (TOTP seeds, SSO client secrets, webhook signing secrets) are
// stored sealed: AES-256-GCM with a random 96-bit nonce under a key derived from AUTH_SECRET with
// HKDF-SHA256, one salt and label per use, so no key serves two purposes. `boundTo` is
// authenticated data naming the row (user, workspace and connection or endpoint): a box copied
// onto another row does not open. Format: "v1." + base64url(iv ‖ tag ‖ ciphertext).

const VERSION = "v1";
const IV = 12;
const TAG = 16;

export type SealedBox = {
  seal(plaintext: string, boundTo: string): string;
  /** The plaintext, or null when the box was tampered with, moved, or sealed under another AUTH_SECRET. */
  open(sealed: string, boundTo: string): string | null;
};

export function sealedBox({ salt, info }: { salt: string; info: string }): SealedBox {
  const key = () => Buffer.from(hkdfSync("sha256", requireAuthSecret(), salt, info, 32));
  return {
    seal(plaintext, boundTo) {
      const iv = randomBytes(IV);
      const cipher = createCipheriv("aes-256-gcm", key(), iv);
      cipher.setAAD(Buffer.from(boundTo));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    },
    open(sealed, boundTo) {
      const [version, payload] = sealed.split(".");
      if (version !== VERSION || !payload) return null;
      const raw = Buffer.from(payload, "base64url");
      if (raw.length < IV + TAG) return null;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, IV));
        decipher.setAAD(Buffer.from(boundTo));
        decipher.setAuthTag(raw.subarray(IV, IV + TAG));
        return Buffer.concat([decipher.update(raw.subarray(IV + TAG)), decipher.final()]).toString("utf8");
      } catch {
        return null;
      }
    },
  };
}
