import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { pdfSafe, renderInvoicePdf } from "../server/billing/invoice-pdf";

// Issue 17: the offline provider's invoices download as PDFs. Any workspace name renders (the
// standard fonts write WinAnsi only), and the figures are in the file.

/** The page's text operators, inflated from the PDF's content streams. */
function pageText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf).toString("latin1");
  const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
    const bytes = Buffer.from(m[1]!, "latin1");
    try {
      return inflateSync(bytes).toString("latin1");
    } catch {
      return "";
    }
  });
  // Text is written as hex strings: <48656C6C6F> Tj.
  return streams
    .join("\n")
    .replace(/<([0-9A-Fa-f]+)>\s*Tj/g, (_, hex: string) => Buffer.from(hex, "hex").toString("latin1") + "\n");
}

describe("invoice PDFs", () => {
  const invoice = { id: "inv_local_1", number: "ATR-0001", status: "paid", amountCents: 9_900, currency: "usd", periodEnd: new Date("2026-12-01T00:00:00Z"), createdAt: new Date("2026-11-01T00:00:00Z") };

  it("holds the workspace, number, dates, status and amount", async () => {
    const pdf = await renderInvoicePdf({ workspace: { name: "Acme Inc.", slug: "acme" }, invoice });
    expect(Buffer.from(pdf).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = pageText(pdf);
    for (const expected of ["Invoice ATR-0001", "Billed to: Acme Inc. (acme)", "Issued: November 1, 2026", "Period ends: December 1, 2026", "Status: paid", "Total: $99"]) {
      expect(text).toContain(expected);
    }
  });

  it("prints the billing email and tax ID when the workspace saved them, and nothing in their place when not", async () => {
    const withDetails = pageText(await renderInvoicePdf({ workspace: { name: "Acme Inc.", slug: "acme" }, invoice: { ...invoice, billedTo: { email: "ap@acme.test", taxId: { type: "eu_vat", value: "DE123456789" } } } }));
    expect(withDetails).toContain("Billing email: ap@acme.test");
    expect(withDetails).toContain("EU VAT number: DE123456789");
    const without = pageText(await renderInvoicePdf({ workspace: { name: "Acme Inc.", slug: "acme" }, invoice: { ...invoice, billedTo: null } }));
    expect(without).not.toContain("Billing email");
    expect(without).not.toContain("VAT");
    expect(without).toContain("Billed to: Acme Inc. (acme)");
  });

  it("prints a euro amount with the euro sign (WinAnsi has it, at 0x80)", async () => {
    const pdf = await renderInvoicePdf({ workspace: { name: "Euro GmbH – “Büro”", slug: "euro" }, invoice: { ...invoice, currency: "eur", amountCents: 8_900 } });
    const text = pageText(pdf);
    expect(text).toContain("Total: \x8089");
    expect(text).toContain("Billed to: Euro GmbH \x96 \x93B\xfcro\x94 (euro)");
  });

  it("renders a name the standard fonts cannot write, with question marks", async () => {
    expect(pdfSafe("Café 😀 東京\u0000")).toBe("Café ? ???");
    const pdf = await renderInvoicePdf({ workspace: { name: "Café 😀 東京", slug: "cafe" }, invoice: { ...invoice, number: null } });
    expect(pageText(pdf)).toContain("Billed to: Café ? ?? (cafe)");
  });
});
