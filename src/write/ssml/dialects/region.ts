/** Region-qualified language tags (fr → fr-FR) for engines that want one. */
import { boundedCache } from '../../../bounded-cache.js';

const regionTags = boundedCache<string, string>('ssml:region-tags', 256);

/** The most likely region of a language, from CLDR likely subtags (Intl.Locale#maximize). */
export function regionTag(lang: string): string {
  let tag = regionTags.get(lang);
  if (tag === undefined) {
    try {
      const max = new Intl.Locale(lang).maximize();
      tag = max.region ? `${max.language}-${max.region}` : max.language;
    } catch {
      tag = lang;
    }
    regionTags.set(lang, tag);
  }
  return tag;
}
