/** A plain-text answer for route handlers (errors people may read in the browser). */
export const textResponse = (status: number, message: string, headers: Record<string, string> = {}) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });

/**
 * What a HEAD answers where the GET would answer `response`: its status and headers, no body.
 * (Routes whose GET has side effects give HEAD its own handler: Next would otherwise run GET.)
 */
export const headersOnly = (response: Response) => new Response(null, { status: response.status, headers: response.headers });
