"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { ROLE_LABELS } from "@/lib/permissions";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

function isPast(date: Date): boolean {
  return date.getTime() < Date.now();
}

export function PendingInvitations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const list = useQuery(trpc.member.invitations.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.member.invitations.queryKey() });
  const onError = (error: unknown) => toast({ title: "That did not work", description: toClientError(error).message, variant: "error" });
  const resend = useMutation(trpc.member.resendInvitation.mutationOptions({ onSuccess: () => (toast({ title: "Invitation sent again", variant: "success" }), refresh()), onError }));
  const revoke = useMutation(trpc.member.revokeInvitation.mutationOptions({ onSuccess: () => (toast({ title: "Invitation revoked", variant: "success" }), refresh()), onError }));

  if (list.isPending) return <p className="text-sm text-muted-foreground" role="status">Loading invitations…</p>;
  if (list.isError) return <Alert variant="error">Could not load invitations: {toClientError(list.error).message}</Alert>;
  if (list.data.length === 0) return <p className="text-sm text-muted-foreground">No pending invitations.</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Email</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {list.data.map((invitation) => {
          const expired = isPast(invitation.expiresAt);
          return (
            <TableRow key={invitation.id}>
              <TableCell>{invitation.email}</TableCell>
              <TableCell>
                <Badge variant="outline">{ROLE_LABELS[invitation.role]}</Badge>
              </TableCell>
              <TableCell className="text-muted-foreground">{expired ? <Badge variant="warning">Expired</Badge> : dateFormat.format(invitation.expiresAt)}</TableCell>
              <TableCell>
                <div className="flex justify-end gap-2">
                  <Button size="sm" variant="outline" loading={resend.isPending && resend.variables?.invitationId === invitation.id} onClick={() => resend.mutate({ invitationId: invitation.id })}>
                    Resend
                  </Button>
                  <ConfirmDialog
                    trigger={<Button size="sm" variant="ghost">Revoke</Button>}
                    title={`Revoke the invitation for ${invitation.email}?`}
                    description="The link in their email stops working."
                    confirmLabel="Revoke invitation"
                    destructive
                    onConfirm={() => revoke.mutateAsync({ invitationId: invitation.id }).then(() => undefined)}
                  />
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
