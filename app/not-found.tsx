import { StatusPage } from "@/components/marketing/status-page";

export default function NotFound() {
  return (
    <StatusPage code="404" title="Not found">
      <p>This page does not exist, or you do not have access to it.</p>
    </StatusPage>
  );
}
