/**
 * The quotes transform: finds every quotation in the body (paragraphs, headings, list items, block
 * quotes, captions), classifies it, attributes it to its speaker, and returns a new Article where each
 * quotation is a Quote inline (`kind`, `speakerId`, `attribution`, the original marks in `marks`) and
 * `speakers` lists who speaks, with stable ids and voice slots. Pure: the input Article is not changed.
 */
import type { Article, Block, Inline, Speaker } from '../../model/schema.js';
import type { Report } from '../../report.js';
import { type Attribution, Attributor, type QuoteInfo } from './attribute.js';
import { type QuoteFields, sourceOf, wrapSpans } from './flat.js';
import { lexiconFor } from './lexicon.js';
import type { Entity } from './registry.js';
import type { QuoteSpan } from './spans.js';
import {
  analyseUnit,
  findUnitMentions,
  prepareUnit,
  sentenceCaseWords,
  type Unit,
  type UnitRole,
} from './unit.js';

export interface QuotesOptions {
  /** Language to read the article in (default: the article's `lang`). */
  lang?: string;
  /** Voice slots by speaker name or alias (case-insensitive), instead of the order of first direct quote. */
  voiceSlots?: Record<string, number>;
  /** Explicit engine voices by speaker name or alias (case-insensitive). */
  voices?: Record<string, string>;
}

type InlineMap = (inlines: readonly Inline[], role: UnitRole) => Inline[];

function mapBlocks(blocks: readonly Block[], fn: InlineMap): Block[] {
  return blocks.map((block): Block => {
    switch (block.type) {
      case 'paragraph':
        return { ...block, children: fn(block.children, 'text') };
      case 'heading':
        return { ...block, children: fn(block.children, 'heading') };
      case 'figure':
        return block.caption ? { ...block, caption: fn(block.caption, 'caption') } : block;
      case 'blockquote':
        return { ...block, children: mapBlocks(block.children, fn) };
      case 'list':
        return { ...block, items: block.items.map((item) => ({ children: mapBlocks(item.children, fn) })) };
      default:
        return block;
    }
  });
}

function hasQuote(inlines: readonly Inline[]): boolean {
  return inlines.some(
    (run) =>
      run.type === 'quote' || ('children' in run && Array.isArray(run.children) && hasQuote(run.children)),
  );
}

/** Calls `fn` with the inline runs of every block that has some, in the order `mapBlocks` visits them. */
function eachInlines(
  blocks: readonly Block[],
  fn: (inlines: readonly Inline[], role: UnitRole) => void,
): void {
  for (const block of blocks) {
    if (block.type === 'paragraph') fn(block.children, 'text');
    else if (block.type === 'heading') fn(block.children, 'heading');
    else if (block.type === 'figure' && block.caption) fn(block.caption, 'caption');
    else if (block.type === 'blockquote') eachInlines(block.children, fn);
    else if (block.type === 'list') for (const item of block.items) eachInlines(item.children, fn);
  }
}

function alreadyQuoted(article: Article): boolean {
  let found = false;
  eachInlines(article.blocks, (inlines) => {
    found ||= hasQuote(inlines);
  });
  return found;
}

function lookup<T>(table: Record<string, T> | undefined, e: Entity, name: string): T | undefined {
  if (!table) return undefined;
  const surname = name.split(/\s+/u).pop() ?? name;
  const names = [name, surname, ...e.aliases].map((n) => n.toLowerCase());
  for (const [key, value] of Object.entries(table)) if (names.includes(key.toLowerCase())) return value;
  return undefined;
}

function buildSpeakers(result: Attribution, options: QuotesOptions): Map<Entity, Speaker> {
  const speaking = new Set<Entity>();
  for (const info of result.info.values()) if (info.entity) speaking.add(info.entity);
  const ordered = [...speaking].sort((a, b) => a.first - b.first || a.index - b.index);
  const slots = new Map<Entity, number>();
  let next = 1;
  for (const { span } of result.order) {
    const info = result.info.get(span);
    if (info?.kind === 'direct' && info.entity && !slots.has(info.entity)) slots.set(info.entity, next++);
  }
  const speakers = new Map<Entity, Speaker>();
  ordered.forEach((e, i) => {
    const name = result.registry.canonical(e);
    const aliases = e.aliases.filter((a, k) => a !== name && e.aliases.indexOf(a) === k);
    const slot = lookup(options.voiceSlots, e, name) ?? slots.get(e);
    const voice = lookup(options.voices, e, name);
    speakers.set(e, {
      id: `s${i + 1}`,
      name,
      aliases,
      ...(e.kind ? { kind: e.kind } : {}),
      ...(e.roles.length ? { roles: [...e.roles] } : {}),
      ...(e.kind !== 'organization' && (e.gender === 'f' || e.gender === 'm')
        ? { gender: e.gender === 'f' ? ('female' as const) : ('male' as const) }
        : {}),
      ...(slot !== undefined ? { voiceSlot: slot } : {}),
      ...(voice ? { voice } : {}),
    });
  });
  return speakers;
}

function fields(info: QuoteInfo | undefined, speakers: Map<Entity, Speaker>): QuoteFields {
  if (!info) return { kind: 'other' };
  const speaker = info.entity ? speakers.get(info.entity) : undefined;
  const out: QuoteFields = { kind: info.kind };
  if (speaker) out.speakerId = speaker.id;
  if (speaker && info.rule) {
    const m = info.mention;
    const source = m ? sourceOf(m.unit.flat, m.m.s, m.m.e) : undefined;
    out.attribution = {
      rule: info.rule,
      ...(m ? { mention: { text: m.m.text, ...(source ? { source } : {}) } } : {}),
    };
  }
  return out;
}

function primaryLang(lang: string): string {
  return lang.toLowerCase().split('-')[0] ?? 'und';
}

/** The transform `(article, report) => article` that finds, classifies and attributes quotations. */
export function quotesTransform(options: QuotesOptions = {}): (article: Article, report: Report) => Article {
  return (article, report) => {
    if (alreadyQuoted(article)) {
      report.info('quotes:kept', 'The article already marks its quotations; they are kept as they are.');
      return article;
    }
    const lang = options.lang ?? article.lang;
    const lex = lexiconFor(lang);
    const primary = primaryLang(lang);
    const french = primary === 'fr' || primary === 'und';

    const units: Unit[] = [];
    eachInlines(article.blocks, (inlines, role) => {
      units.push(prepareUnit(inlines, role, units.length));
    });
    const attributor = new Attributor(lex, report);
    attributor.linkBlocks(units);
    for (const unit of units) analyseUnit(unit, lex, french);
    const vocab = sentenceCaseWords(units);
    for (const unit of units) findUnitMentions(unit, lex, vocab);
    const result = attributor.run(units);
    const speakers = buildSpeakers(result, options);

    let counts = { direct: 0, partial: 0, other: 0 };
    for (const { span } of result.order) {
      const info = result.info.get(span);
      if (info && !info.continues) counts = { ...counts, [info.kind]: counts[info.kind] + 1 };
    }
    if (result.order.length) {
      report.info(
        'quotes:found',
        `${counts.direct} direct, ${counts.partial} partial and ${counts.other} other quotations; ${speakers.size} speakers.`,
      );
    }

    let u = 0;
    const info = (span: QuoteSpan) => fields(result.info.get(span), speakers);
    const blocks = result.order.length
      ? mapBlocks(article.blocks, (inlines) => {
          const unit = units[u++]!;
          return unit.spans.length ? wrapSpans(inlines, unit.text, unit.spans, info) : (inlines as Inline[]);
        })
      : article.blocks;
    return {
      ...article,
      blocks,
      speakers: [...speakers.values()].sort((a, b) => idOrder(a.id) - idOrder(b.id)),
    };
  };
}

function idOrder(id: string): number {
  return Number(id.slice(1));
}
