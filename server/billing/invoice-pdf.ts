import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import { isTaxIdType, TAX_ID_TYPES, type BillingDetails } from "../../lib/billing-details";
import { formatMoney } from "../../lib/plans";

export type InvoiceForPdf = {
  id: string;
  number: string | null;
  status: string;
  amountCents: number;
  currency: string;
  periodEnd: Date | null;
  createdAt: Date;
  billedTo?: BillingDetails | null;
};

/**
 * The standard PDF fonts write WinAnsi only: anything else in a workspace's name (emoji, CJK,
 * control characters) is shown as "?" rather than failing the download.
 */
// WinAnsi's own characters beyond Latin-1 (its 0x80–0x9F): the euro sign among them.
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

export function pdfSafe(text: string): string {
  return Array.from(text.normalize("NFC"), (ch) => (/^[\x20-\x7E\xA0-\xFF]$/.test(ch) || WIN_ANSI_EXTRA.has(ch) ? ch : "?")).join("").slice(0, 200);
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" });

/**
 * An invoice of the offline billing provider as a one-page PDF (Stripe mode links Stripe's own):
 * who it is for, its number, dates, status and amount, and that no real money moved.
 */
export async function renderInvoicePdf({
  workspace,
  invoice,
}: {
  workspace: { name: string; slug: string };
  invoice: InvoiceForPdf;
}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const title = `Invoice ${invoice.number ?? invoice.id}`;
  pdf.setTitle(pdfSafe(title));
  pdf.setProducer("Atrium");
  pdf.setCreationDate(invoice.createdAt);
  const page = pdf.addPage([595.28, 841.89]); // A4
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const muted = rgb(0.28, 0.33, 0.41);
  let y = 780;
  const line = (text: string, options: { size?: number; font?: typeof regular; color?: ReturnType<typeof rgb>; gap?: number } = {}) => {
    page.drawText(pdfSafe(text), { x: 56, y, size: options.size ?? 11, font: options.font ?? regular, color: options.color ?? rgb(0.06, 0.09, 0.16) });
    y -= options.gap ?? 18;
  };
  line("Atrium", { size: 12, font: bold, color: muted, gap: 36 });
  line(title, { size: 22, font: bold, gap: 32 });
  line(`Billed to: ${workspace.name} (${workspace.slug})`);
  // The billing details the invoice was issued with (record-invoice.ts keeps them).
  const billedTo = invoice.billedTo;
  if (billedTo?.email) line(`Billing email: ${billedTo.email}`);
  if (billedTo?.taxId && isTaxIdType(billedTo.taxId.type)) line(`${TAX_ID_TYPES[billedTo.taxId.type].label}: ${billedTo.taxId.value}`);
  line(`Issued: ${dateFormat.format(invoice.createdAt)}`);
  if (invoice.periodEnd) line(`Period ends: ${dateFormat.format(invoice.periodEnd)}`);
  line(`Status: ${invoice.status}`, { gap: 36 });
  line("Description", { font: bold, color: muted });
  line("Atrium subscription", { gap: 28 });
  page.drawLine({ start: { x: 56, y: y + 12 }, end: { x: 539, y: y + 12 }, thickness: 0.5, color: muted });
  line(`Total: ${formatMoney(invoice.amountCents, invoice.currency)}`, { size: 14, font: bold, gap: 48 });
  line("Test mode: issued by Atrium's offline billing provider. No real payment was taken.", { size: 9, color: muted });
  return pdf.save();
}
