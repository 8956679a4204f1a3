import { apiError } from "./respond";

/**
 * The handler for the methods an endpoint does not serve: 405 in the API's error format, with
 * the `Allow` header (Next.js's own 405 has neither a body nor `Allow`). A route exports it under
 * each method it lacks.
 */
export function methodNotAllowed(...served: ("GET" | "POST")[]): (req: Request) => Response {
  const allow = [...served, ...(served.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  return (req) => apiError(405, "method_not_allowed", `${req.method} is not supported here; this endpoint accepts ${served.join(" and ")}.`, {}, { Allow: allow });
}
