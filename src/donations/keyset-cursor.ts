import { UUID } from '../common/uuid';
import { DonationsError } from './donations.error';

/**
 * The opaque cursor of keyset pages (the organiser's donations list, the public supporters wall):
 * PostgreSQL's text form of the sort timestamp and the row's UUID, base64url-encoded JSON.
 */
export function encodeCursor(ts: string, id: string): string {
  return Buffer.from(JSON.stringify([ts, id])).toString('base64url');
}

// Both parts are checked as strictly as PostgreSQL will parse them, so a forged cursor is a 400,
// not a 500.
const CURSOR_TS = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-]\d{2}(:[0-5]\d)?$/;
const realDate = (ymd: string) => {
  const d = new Date(`${ymd}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === ymd;
};

export function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && UUID.test(v[1])) {
      const ts = CURSOR_TS.exec(v[0]);
      if (ts && realDate(ts[1])) return [v[0], v[1]];
    }
  } catch {
    /* fall through */
  }
  throw DonationsError.badCursor();
}
