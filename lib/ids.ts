// Ids in URLs are UUIDs. PostgreSQL's uuid type refuses anything else with an error (a 500 from
// inside the query), so a path parameter is checked first and anything else is simply not found.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
