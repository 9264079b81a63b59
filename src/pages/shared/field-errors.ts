import { DomainError } from '../../common/domain-error';
import { toErrorBody } from '../../common/http-exception.filter';

/** Problems found in a submitted form: by field (shown beside it) and for the form as a whole. */
export interface FormProblems {
  fields: Record<string, string[]>;
  form: string[];
}

export const noProblems = (): FormProblems => ({ fields: {}, form: [] });

export const hasProblems = (p: FormProblems): boolean => p.form.length > 0 || Object.keys(p.fields).length > 0;

/**
 * The API's messages start with the field they concern ("donorEmail must be an e-mail
 * address", "stretchTargets[1] must be greater than ..."), which is what places them beside the
 * right input. Anything that names no known field is shown at the top of the form.
 */
export function groupMessages(messages: string[], fields: readonly string[], into: FormProblems = noProblems()): FormProblems {
  for (const m of messages) {
    const head = /^([A-Za-z]+)(\[\d+\])?(\s|:)/.exec(m)?.[1];
    if (head && fields.includes(head)) (into.fields[head] ??= []).push(m);
    else into.form.push(m);
  }
  return into;
}

/** Adds the API's messages, except for fields the form could not even read (already reported). */
export function mergeMessages(p: FormProblems, messages: string[], fields: readonly string[]): FormProblems {
  const fresh = groupMessages(messages, fields);
  for (const [f, ms] of Object.entries(fresh.fields)) if (!p.fields[f]) p.fields[f] = ms;
  p.form.push(...fresh.form);
  return p;
}

export function addProblem(p: FormProblems, field: string, message: string): void {
  (p.fields[field] ??= []).push(message);
}

/**
 * The messages of a client error (a validation 400, a domain 409/422) as the API would send
 * them, or null for anything that is a server fault and must surface as one.
 */
export function clientErrorMessages(e: unknown): { status: number; messages: string[]; code?: string } | null {
  const body = toErrorBody(e);
  if (body.statusCode >= 500) return null;
  const messages = Array.isArray(body.message) ? body.message : [body.message];
  return { status: body.statusCode, messages, code: e instanceof DomainError ? e.code : body.code };
}
