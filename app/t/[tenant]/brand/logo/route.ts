import { logoPath, readTenantLogo } from "@/server/branding/logo";
import { textResponse } from "@/server/http/text-response";
import { createContext } from "@/server/trpc/context";

// The tenant's logo, public (the public page shows it). Served so that even an SVG can do nothing
// but draw: a sandboxing CSP, no sniffing, and only the type detected at upload.
export async function GET(req: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await createContext({ headers: req.headers, getUser: async () => null });
  if (!ctx.tenant || ctx.tenant.slug !== slug) return textResponse(404, "Not found.");
  const logo = await readTenantLogo(ctx.tenant.id);
  if (!logo) return textResponse(404, "This workspace has no logo.");
  const version = new URL(req.url).searchParams.get("v");
  const current = version !== null && logoPath(logo.key) === `/brand/logo?v=${version}`;
  return new Response(new Uint8Array(logo.bytes), {
    headers: {
      "Content-Type": logo.contentType,
      "Content-Length": String(logo.bytes.length),
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      "X-Content-Type-Options": "nosniff",
      "Cross-Origin-Resource-Policy": "same-site",
      "Content-Disposition": "inline",
      // A versioned URL never changes; an unversioned one is re-checked.
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "public, max-age=60",
    },
  });
}
