const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot exist (answered as NOT_FOUND, never as a database error). */
export function isId(value: string): boolean {
  return UUID.test(value);
}
