import type { FormProblems } from '../../shared/field-errors';
import { attr, Html, html } from '../../shared/html';

export interface FieldSpec {
  name: string;
  label: string;
  value: string;
  problems: FormProblems;
  hint?: string;
  type?: string;
  required?: boolean;
  extra?: Html;
  /** Ids are prefixed when two forms on one page share field names. */
  idPrefix?: string;
}

function describedBy(id: string, hint: boolean): string {
  return hint ? `${id}-hint ${id}-error` : `${id}-error`;
}

function frame(f: FieldSpec, control: (id: string, aria: Html) => Html): Html {
  const id = `${f.idPrefix ?? ''}${f.name}`;
  const messages = f.problems.fields[f.name] ?? [];
  const aria = html` aria-describedby="${describedBy(id, !!f.hint)}"${attr('aria-invalid', messages.length ? 'true' : null)}${attr('required', f.required)}`;
  return html`<div class="field">
<label for="${id}">${f.label}${f.required ? '' : html` <span class="muted">(optional)</span>`}</label>
${f.hint ? html`<p class="hint" id="${id}-hint">${f.hint}</p>` : ''}
${control(id, aria)}
<p class="error" id="${id}-error">${messages.join(' ')}</p>
</div>`;
}

/** A labelled input with its hint and its error messages beside it. */
export function inputField(f: FieldSpec): Html {
  return frame(
    f,
    (id, aria) => html`<input id="${id}" name="${f.name}" type="${f.type ?? 'text'}" value="${f.value}"${aria}${f.extra ?? ''}>`,
  );
}

export function textareaField(f: FieldSpec): Html {
  return frame(f, (id, aria) => html`<textarea id="${id}" name="${f.name}" rows="3"${aria}${f.extra ?? ''}>${f.value}</textarea>`);
}

export function selectField(f: FieldSpec, options: Array<{ value: string; label: string }>): Html {
  const opts = options.map((o) => html`<option value="${o.value}"${attr('selected', o.value === f.value)}>${o.label}</option>`);
  return frame(f, (id, aria) => html`<select id="${id}" name="${f.name}"${aria}>${opts}</select>`);
}
