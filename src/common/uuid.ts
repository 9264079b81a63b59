/** A UUID in PostgreSQL's text form, either case: the one pattern for ids that arrive as text. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
