import { methodNotAllowed } from "@/server/api/other-methods";
export const dynamic = "force-dynamic";

import { openApiDocument } from "@/server/api/openapi";
import { env } from "@/server/env";
import { compressResponse } from "@/server/http/compress-response";
import { originFor } from "@/server/hosts/parse-host";

export function GET(req: Request) {
  const document = Response.json(openApiDocument(originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
  return compressResponse(req, document);
}

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
