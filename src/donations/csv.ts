/**
 * CSV cells for spreadsheets. Text a donor or organiser typed is neutralised against formula
 * injection: a leading = + - @ tab or carriage return would make Excel or Sheets evaluate it,
 * so such cells get a leading apostrophe. Every cell is quoted.
 */
export function csvText(value: string | null | undefined): string {
  let v = value ?? '';
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return `"${v.replace(/"/g, '""')}"`;
}

/** Numbers and values we generate ourselves: quoted, never prefixed. */
export function csvValue(value: string | number | boolean | null | undefined): string {
  return `"${String(value ?? '').replace(/"/g, '""')}"`;
}

export function csvRow(cells: string[]): string {
  return `${cells.join(',')}\r\n`;
}
