/** A locale Intl knows, else en-US (as the server's formatMoney falls back). */
export function safeLocale(locale: string | null | undefined): string {
  try {
    return locale && Intl.NumberFormat.supportedLocalesOf([locale]).length ? locale : 'en-US';
  } catch {
    return 'en-US';
  }
}
