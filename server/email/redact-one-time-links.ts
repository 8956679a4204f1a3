// One-time links (invitations, password resets, email verification and changes, sign-in links)
// carry a secret of at least 128 bits in base64url. Once the email is delivered, the copy we keep
// must not let anyone with database or outbox access use the link, so such links are replaced.

export const REDACTED_LINK = "[one-time link removed after sending]";

// A path segment or query value of 22+ base64url characters (>= 128 bits) mixing upper and
// lower case is treated as a secret: random tokens always do (a 43-character one lacks an
// upper-case letter with a chance of 1 in 5 billion), words and lower-case UUIDs do not.
const SECRET_PART = /^[A-Za-z0-9_-]{22,}$/;
const isSecret = (part: string) => SECRET_PART.test(part) && /[A-Z]/.test(part) && /[a-z]/.test(part) && (/\d/.test(part) || part.length >= 32);

// Our own one-time link paths: whatever follows them is the secret, whatever it looks like.
const ONE_TIME_PATHS = ["/invite/", "/reset-password/", "/verify-email/", "/confirm-email/", "/magic-link/"];

function carriesSecret(link: string): boolean {
  try {
    const url = new URL(link);
    if (ONE_TIME_PATHS.some((p) => url.pathname.startsWith(p) && url.pathname.length > p.length)) return true;
    const parts = [...url.pathname.split("/"), ...[...url.searchParams.values()], url.hash.slice(1)];
    return parts.some(isSecret);
  } catch {
    return false;
  }
}

/** The text with every link that carries a secret replaced by a marker. */
export function redactOneTimeLinks(text: string): string {
  // A link ends before trailing sentence punctuation ("… /invite/abc." keeps its full stop).
  return text.replace(/https?:\/\/[^\s<>"')]*[^\s<>"').,;:!?]/g, (link) => (carriesSecret(link) ? REDACTED_LINK : link));
}
