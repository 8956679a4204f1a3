import { StatusPage } from "@/components/marketing/status-page";

export default function NotFoundStatus() {
  return (
    <StatusPage code="404" title="Page not found">
      <p>We could not find the page you asked for.</p>
    </StatusPage>
  );
}
