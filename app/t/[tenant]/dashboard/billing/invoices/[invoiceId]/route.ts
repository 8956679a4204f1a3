import { and, eq } from "drizzle-orm";
import { unstorableTextProblem } from "@/lib/text";
import { getBillingProvider } from "@/server/billing/get-provider";
import { renderInvoicePdf } from "@/server/billing/invoice-pdf";
import { withTenant } from "@/server/db/with-tenant";
import { invoices, tenants } from "@/server/db/schema";
import { routeMember, textResponse as text } from "@/server/http/route-member";

// An invoice as a PDF (owners and billing members). Stripe's invoices link to Stripe's own pages;
// this is the offline provider's, generated on request from the stored invoice.
export async function GET(req: Request, { params }: { params: Promise<{ tenant: string; invoiceId: string }> }) {
  const { tenant: slug, invoiceId } = await params;
  const member = await routeMember(req, slug, { capability: "billing", permission: "billing:read", forbidden: "Only owners and billing members can download invoices." });
  if (member instanceof Response) return member;
  const tenantId = member.ctx.tenant.id;
  // Only the offline provider's invoices: Stripe's are Stripe's documents (their hosted pages).
  if (getBillingProvider().kind !== "local") return text(404, "Invoice not found.");
  if (invoiceId.length > 255 || unstorableTextProblem(invoiceId)) return text(404, "Invoice not found.");
  const found = await withTenant(tenantId, async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)));
    const [workspace] = await tx.select({ name: tenants.name, slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId));
    return invoice && !invoice.hostedUrl && workspace ? { invoice, workspace } : null;
  });
  if (!found) return text(404, "Invoice not found.");
  const bytes = await renderInvoicePdf(found);
  const file = `invoice-${slug}-${(found.invoice.number ?? found.invoice.id).replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 80)}.pdf`;
  return new Response(Buffer.from(bytes), {
    headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${file}"`, "cache-control": "private, no-store" },
  });
}
