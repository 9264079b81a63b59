/**
 * The donate form's fields, named as the checkout API names them, so an API message
 * ("donorEmail must be an e-mail address") lands beside the input it concerns. The labels turn
 * the API's field names into words a donor reads; the browser script gets the same table.
 */
export const DONATE_FIELD_LABELS: Readonly<Record<string, string>> = {
  amount: 'Amount',
  donorName: 'Name',
  donorEmail: 'E-mail',
  message: 'Message',
  anonymous: 'Give anonymously',
  public: 'Thank me in public',
};

export const DONATE_FIELDS = Object.keys(DONATE_FIELD_LABELS);

/** "donorEmail must be an e-mail address" -> "E-mail must be an e-mail address". */
export function humanizeMessage(message: string): string {
  const m = /^([A-Za-z]+)(\s)/.exec(message);
  const label = m ? DONATE_FIELD_LABELS[m[1]] : undefined;
  return label ? label + message.slice(m![1].length) : message;
}

export const NAME_MAX = 200;
export const EMAIL_MAX = 320;
export const MESSAGE_MAX = 1000;
