import { apiError } from "@/server/api/respond";

// Any address under /api/v1 that is no endpoint: a 404 in the API's error format, whatever the
// method (not the HTML page a browser gets).
function notFound(req: Request): Response {
  return apiError(404, "not_found", `No endpoint at ${new URL(req.url).pathname}. The API reference lists them: /api/v1/openapi.json.`);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
