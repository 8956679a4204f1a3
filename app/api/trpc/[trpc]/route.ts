import { getSessionUser } from "@/server/auth/current-user";
import { handleTrpcRequest } from "@/server/trpc/handler";

function handler(req: Request) {
  return handleTrpcRequest(req, getSessionUser);
}

export { handler as GET, handler as POST };
