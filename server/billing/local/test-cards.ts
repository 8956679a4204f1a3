// The local provider's test cards (mirroring Stripe's well-known test numbers).
export const TEST_CARDS = {
  "4242424242424242": { kind: "success", label: "Succeeds" },
  "4000000000000002": { kind: "declined", label: "Declined" },
  "4000000000000341": { kind: "fails_renewal", label: "Succeeds now, fails later renewals" },
} as const;

export type TestCardKind = (typeof TEST_CARDS)[keyof typeof TEST_CARDS]["kind"];

export function testCardKind(number: string): TestCardKind | null {
  const digits = number.replace(/[\s-]/g, "");
  // Own keys only: "constructor" or "toString" are not test cards.
  return Object.hasOwn(TEST_CARDS, digits) ? TEST_CARDS[digits as keyof typeof TEST_CARDS].kind : null;
}

/** The test card a stored kind stands for (the local provider keeps the kind, not the number). */
export function testCardOfKind(kind: string | null): { last4: string; label: string } | null {
  const found = Object.entries(TEST_CARDS).find(([, card]) => card.kind === kind);
  return found ? { last4: found[0].slice(-4), label: found[1].label } : null;
}
