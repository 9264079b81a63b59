import type { WidgetView } from '../wording/widget-text';

/** /api/appeals/:slug/progress and the stream's `progress` frames, as the browser reads them. */
export interface ProgressJson extends WidgetView {
  slug: string;
  status: string;
  version: number;
  raised: number;
  /** The appeal's own language; absent from a server older than the language field. */
  language?: string;
}

/** A stream frame or a poll answer that is not a progress view is dropped, not shown. */
export function progressOf(data: unknown): ProgressJson | null {
  const v = data as Partial<ProgressJson> | null;
  return v && typeof v === 'object' && typeof v.raised === 'number' && typeof v.currency === 'string' ? (v as ProgressJson) : null;
}
