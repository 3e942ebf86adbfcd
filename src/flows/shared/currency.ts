/**
 * BC's currency code on a sales document: blank for the company's own currency (LCY), the ISO
 * code for any other. The company's currency is `bc.localCurrency`; unknown (not configured),
 * documents carry no code, as a single shop selling in the company's currency always did.
 */
export function documentCurrency(localCurrency: string | undefined, currency: string): { currencyCode?: string } {
  const code = currency.trim().toUpperCase();
  return localCurrency && code && code !== localCurrency ? { currencyCode: code } : {};
}
