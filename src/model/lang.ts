/** Small helpers over BCP 47 language tags. */

export function subtags(lang: string): { primary: string; script?: string; region?: string } {
  const [primary = '', ...rest] = lang.toLowerCase().split(/[-_]/);
  const script = rest.find((p) => /^[a-z]{4}$/.test(p));
  const region = rest.find((p) => /^([a-z]{2}|\d{3})$/.test(p));
  return { primary, ...(script ? { script } : {}), ...(region ? { region } : {}) };
}

/** The entry for `primary-REGION` if the table has one, else for the primary subtag. */
export function lookupByLang<T>(table: Record<string, T>, lang: string): T | undefined {
  const { primary, region } = subtags(lang);
  if (region) {
    const hit = table[`${primary}-${region.toUpperCase()}`];
    if (hit) return hit;
  }
  return table[primary];
}
