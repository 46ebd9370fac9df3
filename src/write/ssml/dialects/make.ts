/**
 * Builds a Dialect from its spec: the shared rules for leaves, wrappers, pauses and marks, and the
 * vocabulary the checker allows (every element and attribute the spec can make the writer use), so the
 * writer and the checker read one description of each engine.
 */
import type { Leaf, SayAsKind, Wrap } from '../tree.js';
import { describedVoice } from '../voices.js';
import type { Attr, Dialect, DialectSpec, SayAsSpec, Sink } from './types.js';

export const SSML_NS = 'http://www.w3.org/2001/10/synthesis';

/** `<say-as>` as SSML 1.1 has it: `interpret-as` names the kind, dates and times keep their format. */
export const SAY_AS: Readonly<Record<SayAsKind, SayAsSpec>> = {
  characters: { as: 'characters' },
  date: { as: 'date', format: true },
  time: { as: 'time', format: true },
  ordinal: { as: 'ordinal' },
  telephone: { as: 'telephone' },
};

/** The SSML 1.1 say-as kinds without some. */
export function sayAsWithout(...kinds: SayAsKind[]): Partial<Record<SayAsKind, SayAsSpec>> {
  return Object.fromEntries(Object.entries(SAY_AS).filter(([k]) => !kinds.includes(k as SayAsKind)));
}

function sayAsAttrs(spec: SayAsSpec, format: string | undefined): Attr[] {
  const value = spec.format === true ? format : spec.format?.(format);
  return value
    ? [
        ['interpret-as', spec.as],
        ['format', value],
      ]
    : [['interpret-as', spec.as]];
}

function vocabulary(spec: DialectSpec): Record<string, string[]> {
  const kinds = Object.values(spec.sayAs);
  const elements: Record<string, string[]> = {
    speak: spec.root('en').map(([k]) => k),
    p: [],
    s: [],
    sub: ['alias'],
    break: ['time'],
    [spec.mark]: [spec.mark === 'bookmark' ? 'mark' : 'name'],
  };
  if (kinds.length) elements['say-as'] = ['interpret-as', ...(kinds.some((k) => k.format) ? ['format'] : [])];
  if (spec.phonemeAlphabets.length) elements.phoneme = ['alphabet', 'ph'];
  if (spec.emphasis) elements.emphasis = ['level'];
  if (spec.lang === 'lang') elements.lang = ['xml:lang'];
  const voice = spec.voice === 'described' ? ['gender', 'variant', 'name'] : spec.voice ? ['name'] : [];
  if (spec.lang === 'voice') voice.push('xml:lang');
  if (voice.length) elements.voice = voice;
  return elements;
}

export function makeDialect(spec: DialectSpec): Dialect {
  const value = spec.attrValue ?? ((v: string) => v);
  const alphabets = new Set(spec.phonemeAlphabets);

  /** The leaf as the engine receives it: an element with text, or plain text. */
  function lower(leaf: Leaf): { name?: string; attrs: Attr[]; text: string } {
    switch (leaf.kind) {
      case 'text':
        return { attrs: [], text: leaf.text };
      case 'say-as': {
        const kind = spec.sayAs[leaf.interpretAs];
        return kind
          ? { name: 'say-as', attrs: sayAsAttrs(kind, leaf.format), text: leaf.text }
          : { attrs: [], text: leaf.written };
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
    ...(spec.voice
      ? {
          voiceAttrs:
            spec.voice === 'described' ? describedVoice : (voice: string): Attr[] => [['name', voice]],
        }
      : {}),
    elements: vocabulary(spec),
    interpretAs: Object.values(spec.sayAs).map((k) => k.as),
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
