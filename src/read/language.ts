/** Language detection for inputs that declare none (tinyld: small, pure JS, ISO 639-1 codes). */
import { detect } from 'tinyld';

/** Returns a BCP 47 primary tag (`en`, `ru`…) or undefined when the text is too short or ambiguous. */
export function detectLanguage(text: string): string | undefined {
  const sample = text.replace(/\s+/g, ' ').trim().slice(0, 4000);
  if (sample.length < 20) return undefined;
  const code = detect(sample);
  return code ? code : undefined;
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
