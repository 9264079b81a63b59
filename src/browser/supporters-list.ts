/**
 * The latest supporters, as the donate page and the widget draw them from the stream's
 * `supporters` event or the /supporters JSON. Built with DOM calls and textContent only: a
 * donor's name and message are text, never markup.
 */
import { NO_SUPPORTERS_YET, supporterAmount, SupporterLike, supporterName } from '../wording/supporters';

export interface SupporterJson extends SupporterLike {
  id: string;
  at: string;
}

export interface SupportersJson {
  supporters: SupporterJson[];
  nextCursor: string | null;
}

/** A frame or an answer that is not a supporters page is dropped, not shown. */
export function supportersOf(data: unknown): SupportersJson | null {
  const v = data as Partial<SupportersJson> | null;
  return v && typeof v === 'object' && Array.isArray(v.supporters) ? (v as SupportersJson) : null;
}

function item(s: SupporterJson, locale: string): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'aw-supporter';
  const who = li.appendChild(document.createElement('span'));
  who.className = 'aw-supporter-name';
  who.textContent = supporterName(s, locale);
  const amount = supporterAmount(s, locale);
  if (amount) {
    const a = li.appendChild(document.createElement('span'));
    a.className = 'aw-supporter-amount';
    a.textContent = amount;
  }
  if (s.message) {
    const m = li.appendChild(document.createElement('q'));
    m.className = 'aw-supporter-message';
    m.textContent = s.message;
  }
  return li;
}

/** Replaces the list's items with the newest `max` supporters (the whole list: hides apply too). */
export function drawSupporters(list: HTMLElement, page: SupportersJson, locale: string, max: number): void {
  const items = page.supporters.slice(0, max).map((s) => item(s, locale));
  if (!items.length) {
    const empty = document.createElement('li');
    empty.className = 'aw-supporters-empty';
    empty.textContent = NO_SUPPORTERS_YET;
    items.push(empty);
  }
  list.replaceChildren(...items);
  list.hidden = false;
}
