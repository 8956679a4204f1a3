// A workspace's billing details: the address invoices go to and a tax ID printed on them. Shared
// by the form (browser) and the server. Stripe receives both on the workspace's customer.

/** Tax ID kinds offered in the form: Stripe's type codes, with a shape each value must have. */
export const TAX_ID_TYPES = {
  // Country prefix, then 8 (Denmark, Finland…) to 12 (the Netherlands, Sweden) characters.
  eu_vat: { label: "EU VAT number", example: "DE123456789", pattern: /^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)[0-9A-Z+*]{8,12}$/ },
  gb_vat: { label: "UK VAT number", example: "GB123456789", pattern: /^GB([0-9]{9}|[0-9]{12})$/ },
  ch_vat: { label: "Swiss VAT number", example: "CHE-123.456.789 MWST", pattern: /^CHE-?[0-9]{3}\.?[0-9]{3}\.?[0-9]{3} ?(MWST|TVA|IVA)$/ },
  us_ein: { label: "US EIN", example: "12-3456789", pattern: /^[0-9]{2}-?[0-9]{7}$/ },
  ca_bn: { label: "Canadian BN", example: "123456789", pattern: /^[0-9]{9}$/ },
  au_abn: { label: "Australian ABN", example: "12345678912", pattern: /^[0-9]{11}$/ },
} as const;

export type TaxIdType = keyof typeof TAX_ID_TYPES;
export const TAX_ID_TYPE_IDS = Object.keys(TAX_ID_TYPES) as [TaxIdType, ...TaxIdType[]];

export function isTaxIdType(value: unknown): value is TaxIdType {
  return typeof value === "string" && Object.hasOwn(TAX_ID_TYPES, value);
}

/** Upper case, inner runs of spaces collapsed, outer ones dropped: "de 123 456 789" and "DE123456789" differ only in spaces, which EU numbers never hold. */
export function normalizeTaxId(type: TaxIdType, value: string): string {
  const upper = value.trim().toUpperCase().replace(/\s+/g, " ");
  return type === "ch_vat" ? upper : upper.replace(/ /g, "");
}

export type BillingDetails = { email: string | null; taxId: { type: TaxIdType; value: string } | null };

/** A workspace's saved billing details (its tenants columns), as the form and the provider take them. */
export function billingDetailsOf(saved: { billingEmail: string | null; taxIdType: string | null; taxId: string | null }): BillingDetails {
  return {
    email: saved.billingEmail,
    taxId: isTaxIdType(saved.taxIdType) && saved.taxId ? { type: saved.taxIdType, value: saved.taxId } : null,
  };
}
