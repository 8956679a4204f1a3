import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { Badge, EmptyState, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui";
import { ROLE_LABELS } from "@/server/members/permissions";
import { serverCaller } from "@/server/trpc/server";
import { requireTenantMember } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Members" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export default async function MembersPage({ params }: { params: Promise<{ tenant: string }> }) {
  await requireTenantMember((await params).tenant);
  const members = await (await serverCaller()).member.list();
  return (
    <>
      <PageHeader title="Members" description={`${members.length} ${members.length === 1 ? "person has" : "people have"} access to this workspace.`} />
      {members.length === 0 ? (
        <EmptyState title="No members" description="Invite your team to collaborate here." />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Email</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Joined</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.map((m) => (
              <TableRow key={m.userId}>
                <TableCell className="font-medium">{m.name}</TableCell>
                <TableCell>{m.email}</TableCell>
                <TableCell>
                  <Badge variant={m.role === "owner" ? "default" : "outline"}>{ROLE_LABELS[m.role]}</Badge>
                </TableCell>
                <TableCell className="text-muted-foreground">{dateFormat.format(m.joinedAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
