/** A CSV download (a string or a stream; null for a HEAD answer), never cached. */
export function csvResponse(body: BodyInit | null, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
