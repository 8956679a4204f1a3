import { connection } from "next/server";
import { StatusPage } from "@/components/marketing/status-page";

// Rendered per request: proxy.ts rewrites to it (404) and sends the nonce policy with it.
export default async function NotFoundStatus() {
  await connection();
  return (
    <StatusPage code="404" title="Page not found">
      <p>We could not find the page you asked for.</p>
    </StatusPage>
  );
}
