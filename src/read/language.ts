/**
 * Language detection for inputs that declare none: eld (Nito-ELD, n-gram based, pure JS, ISO 639-1
 * codes). Chosen over tinyld after measuring: ~0.13 ms instead of ~1 ms per article with the same answers
 * on our fixtures, which matters because it runs on every undeclared input.
 *
 * Its extra-small database: eld keeps its n-grams as plain JS objects, so the medium one (2 MB of source)
 * cost 58 MB of heap and 190 MB of resident memory in every process that reads articles; the extra-small one
 * costs 31 and 90. On 844 samples of 300 characters from the corpus and the test fixtures the two gave the
 * same language for all but one (a German forum menu of English product names); readout detects on up to
 * 1,000 characters of a whole article, where eld's published accuracy is 99.5 % against 99.6 %.
 */
import { eld } from 'eld/extrasmall';

/** Returns a BCP 47 primary tag (`en`, `ru`…) or undefined when the text is too short or unreliable. */
export function detectLanguage(text: string): string | undefined {
  const sample = text.replace(/\s+/g, ' ').trim().slice(0, 4000);
  if (sample.length < 20) return undefined;
  const result = eld.detect(sample);
  return result.language && (sample.length >= 200 || result.isReliable()) ? result.language : undefined;
}

/** Normalises a declared language (`en_US`, `EN-us`, `fr-FR`) to a BCP 47 tag, or undefined when it is not one. */
export function normaliseLang(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const parts = value.trim().replace(/_/g, '-').split('-').filter(Boolean);
  const [primary, ...rest] = parts;
  if (!primary || !/^[A-Za-z]{2,3}$/.test(primary)) return undefined;
  if (!rest.every((p) => /^[A-Za-z0-9]{1,8}$/.test(p))) return undefined;
  return [
    primary.toLowerCase(),
    ...rest.map((p) =>
      p.length === 2
        ? p.toUpperCase()
        : p.length === 4
          ? p[0]!.toUpperCase() + p.slice(1).toLowerCase()
          : p.toLowerCase(),
    ),
  ].join('-');
}
