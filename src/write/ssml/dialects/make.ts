/** Builds a Dialect from its declarative spec: the shared rules for leaves, wrappers, pauses and marks. */
import type { Leaf, Wrap } from '../tree.js';
import type { Attr, Dialect, DialectSpec, Sink } from './types.js';

export function makeDialect(spec: DialectSpec): Dialect {
  const value = spec.attrValue ?? ((v: string) => v);
  const alphabets = new Set(spec.phonemeAlphabets);

  /** The leaf as the engine receives it: an element with text, or plain text. */
  function lower(leaf: Leaf): { name?: string; attrs: Attr[]; text: string } {
    switch (leaf.kind) {
      case 'text':
        return { attrs: [], text: leaf.text };
      case 'say-as': {
        const attrs = spec.sayAs[leaf.interpretAs]?.(leaf);
        return attrs ? { name: 'say-as', attrs, text: leaf.text } : { attrs: [], text: leaf.written };
      }
      case 'sub':
        return { name: 'sub', attrs: [['alias', value(leaf.alias)]], text: leaf.text };
      case 'phoneme':
        if (alphabets.has(leaf.alphabet)) {
          return {
            name: 'phoneme',
            attrs: [
              ['alphabet', leaf.alphabet],
              ['ph', value(leaf.ph)],
            ],
            text: leaf.text,
          };
        }
        return leaf.alias
          ? { name: 'sub', attrs: [['alias', value(leaf.alias)]], text: leaf.text }
          : { attrs: [], text: leaf.text };
    }
  }

  return {
    ...spec,
    leaf(leaf: Leaf, sink: Sink) {
      const l = lower(leaf);
      if (!l.text) return;
      if (l.name) {
        sink.open(l.name, l.attrs);
        sink.text(l.text);
        sink.close();
      } else sink.text(l.text);
    },
    spoken(leaf: Leaf) {
      return lower(leaf).text;
    },
    wrap(wrap: Wrap) {
      if (wrap.kind === 'emphasis') {
        if (!spec.emphasis) return undefined;
        return { name: 'emphasis', attrs: wrap.level === 'strong' ? [['level', 'strong']] : [] };
      }
      if (!spec.lang) return undefined;
      return { name: spec.lang, attrs: [['xml:lang', spec.langTag(wrap.lang)]] };
    },
    pause(ms: number) {
      const capped = spec.maxBreakMs === undefined ? ms : Math.min(ms, spec.maxBreakMs);
      return { name: 'break', attrs: [['time', `${capped}ms`]] };
    },
    markElement(name: string) {
      return spec.mark === 'bookmark'
        ? { name: 'bookmark', attrs: [['mark', name]] }
        : { name: 'mark', attrs: [['name', name]] };
    },
  };
}

/** Region-qualified language tag (fr → fr-FR) for engines that want one. */
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
const regionTags = new Map<string, string>();

export const SSML_NS = 'http://www.w3.org/2001/10/synthesis';
