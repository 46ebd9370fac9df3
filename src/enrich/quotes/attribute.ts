/**
 * Who said each quotation, most precise rule first: a speech cue in the same sentence; then
 * continuation (a quote with no cue of its own continues the previous speaker when nobody else is
 * named in between); pronouns and descriptions resolve to the most recent compatible person. Anything
 * else stays unknown: a wrong speaker is worse than none.
 */
import type { QuoteKind } from '../../model/schema.js';
import type { Report } from '../../report.js';
import { CueFinder } from './cues.js';
import { classifyQuote } from './kind.js';
import type { Gender, Lexicon } from './lexicon.js';
import type { Mention } from './mentions.js';
import { type Entity, Registry, russianStem } from './registry.js';
import { type QuoteSpan, reopensWith, withoutSpan } from './spans.js';
import type { Unit } from './unit.js';

export interface QuoteInfo {
  kind: QuoteKind;
  entity: Entity | null;
  rule?: string;
  /** The name, pronoun or description the attribution used, and the unit it is in. */
  mention?: { unit: Unit; m: Mention };
  /** Nested inside another quotation. */
  nested: boolean;
  /** The second part of a quotation that runs over two blocks. */
  continues?: QuoteSpan;
}

export interface Attribution {
  info: Map<QuoteSpan, QuoteInfo>;
  registry: Registry;
  /** Every top-level quotation in document order. */
  order: { unit: Unit; span: QuoteSpan }[];
}

interface FocusEntry {
  entity: Entity;
  unit: number;
  coordinated: boolean;
}

interface MentionRecord {
  pos: number;
  entity: Entity | null;
  m: Mention;
}

interface LastQuote {
  entity: Entity | null;
  mention?: { unit: Unit; m: Mention };
  unit: number;
  textOrder: number;
  regionEnd: number;
}

const BLOCK = 1_000_000;
const US = ['u.s', 'us', 'american', 'united states', 'америк', 'сша', 'américain', 'états-unis'];

/** Role words that also fit other titles ("the diplomat" fits a foreign minister). */
const CATEGORIES: Record<string, string[]> = {
  diplomat: ['diplomat', 'foreign', 'secretary of state', 'ambassador', 'envoy'],
  дипломат: ['дипломат', 'мид', 'иностранных дел', 'посол', 'foreign', 'diplomat'],
  diplomate: ['diplomat', 'affaires étrangères', 'ambassad', 'foreign'],
  leader: ['president', 'prime minister', 'premier', 'chancellor', 'leader', 'king', 'queen', 'head'],
  politician: [
    'senator',
    'president',
    'minister',
    'lawmaker',
    'mayor',
    'governor',
    'congress',
    'representative',
  ],
  spokesperson: ['spokes', 'press secretary', 'porte-parole', 'пресс-секретар', 'представител'],
  spokesman: ['spokes', 'press secretary'],
  spokeswoman: ['spokes', 'press secretary'],
  'porte-parole': ['porte-parole', 'spokes'],
  'пресс-секретарь': ['пресс-секретар', 'представител', 'spokes'],
  представитель: ['представител', 'пресс-секретар'],
  executive: ['ceo', 'chief executive', 'founder', 'director', 'chairman', 'president'],
  minister: ['minister', 'secretary'],
  secretary: ['secretary'],
  министр: ['министр', 'глава мид'],
  ministre: ['ministre'],
  lawmaker: ['senator', 'congress', 'representative', 'lawmaker', 'legislator', 'mp'],
};

function stem(word: string): string {
  const low = word.toLowerCase().replace(/['’]s$/u, '');
  if (/[\u0400-\u04ff]/.test(low)) return russianStem(low);
  return low.length > 5 ? low.slice(0, Math.max(4, low.length - 3)) : low;
}

/** A nationality or place adjective, cut to what its country's name shares ("russ", "росси"). */
function modifierStem(word: string): string {
  const low = word.toLowerCase();
  return /[\u0400-\u04ff]/.test(low) ? low.slice(0, 5) : low.slice(0, 4);
}

/** A modifier that must match the entity's roles: a nationality or a proper adjective. */
function requiredModifier(mod: string): boolean {
  if (/^\p{Lu}/u.test(mod)) return true;
  return /(?:ский|ская|ское|ские|ского|ской|цкий|цкая)$/u.test(mod.toLowerCase());
}

/** A quotation's text without the quotations nested in it (their marks stay). */
function ownText(text: string, span: QuoteSpan): string {
  if (!span.children.length) return text.slice(span.innerStart, span.innerEnd);
  let out = '';
  let at = span.innerStart;
  for (const child of span.children) {
    out += text.slice(at, child.innerStart);
    at = child.innerEnd;
  }
  return out + text.slice(at, span.innerEnd);
}

export class Attributor {
  readonly registry: Registry;
  private readonly info = new Map<QuoteSpan, QuoteInfo>();
  private readonly order: { unit: Unit; span: QuoteSpan }[] = [];
  private readonly continues = new Map<QuoteSpan, QuoteSpan>();
  private readonly resolved = new Map<Mention, Entity | null>();
  private readonly focus: FocusEntry[] = [];
  private readonly records: MentionRecord[] = [];
  private last: LastQuote | null = null;
  private textOrder = 0;

  constructor(
    private readonly lex: Lexicon,
    private readonly report: Report,
  ) {
    this.registry = new Registry(lex);
  }

  /**
   * Joins a quotation left open at the end of a block to the next block when that block reopens it
   * (the convention for quotes that run over paragraphs). A typewriter mark left open is dropped.
   */
  linkBlocks(units: Unit[]): void {
    for (let i = 0; i < units.length; i++) {
      const unit = units[i]!;
      if (!unit.open) continue;
      const next = units[i + 1];
      const first = next?.spans[0];
      const reopened =
        next &&
        next.role === unit.role &&
        first &&
        reopensWith(next.text, unit.open.span.openMark) &&
        next.text.slice(0, first.open).trim() === '';
      if (reopened && first) {
        this.continues.set(first, unit.open.span);
      } else if (unit.open.straight) {
        unit.spans = withoutSpan(unit.spans, unit.open.span);
        unit.open = null;
      } else {
        this.report.info('quotes:unclosed', 'A quotation is not closed before the end of its paragraph.');
      }
    }
  }

  private pos(unit: Unit, offset: number): number {
    return unit.index * BLOCK + offset;
  }

  // -------------------------------------------------------------------------------------------
  // Resolving mentions to entities.

  private readonly roleTexts = new Map<Entity, { size: number; text: string }>();

  /** An entity's roles and descriptions as one lowercased string of words, cached until they change. */
  private roleText(e: Entity): string {
    const size = e.roles.length + e.described.length;
    const cached = this.roleTexts.get(e);
    if (cached?.size === size) return cached.text;
    const text = ` ${[...e.roles, ...e.described]
      .join(' ')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}.-]+/gu, ' ')} `;
    this.roleTexts.set(e, { size, text });
    return text;
  }

  private roleFits(e: Entity, head: string, mods: readonly string[]): boolean {
    // Words matched at word starts: " russ" fits "Russian", "us" does not fit "Russian".
    if (!e.roles.length && !e.described.length) return false;
    const roles = this.roleText(e);
    if (!roles.trim()) return false;
    let headOk = roles.includes(` ${stem(head)}`);
    for (const c of CATEGORIES[head] ?? []) headOk ||= roles.includes(` ${c}`);
    if (!headOk) return false;
    for (const mod of mods) {
      if (!requiredModifier(mod)) continue;
      const low = mod.toLowerCase().replace(/\.$/, '');
      if (US.includes(low)) {
        let us = false;
        for (const u of US) us ||= roles.includes(` ${u} `) || roles.includes(` ${u}. `);
        if (!us) return false;
      } else if (!roles.includes(` ${modifierStem(low)}`)) {
        return false;
      }
    }
    return true;
  }

  private description(m: Mention, unit: Unit, pos: number): Entity | null {
    if (!m.definite || !m.head) return null;
    const head = m.head;
    const org = this.lex.orgNouns.has(head) || this.lex.orgNouns.has(russianStem(head));
    let best: Entity | null = null;
    for (const e of this.registry.entities) {
      if (e.last > pos) continue;
      if (org) {
        if (e.kind !== 'organization') continue;
        if (e.institution !== undefined && stem(e.institution) !== stem(head)) continue;
        if (this.lex.institutions.has(head) && e.institution === undefined && !this.roleFits(e, head, []))
          continue;
      } else {
        if (e.kind === 'organization' || e.institution !== undefined) continue;
        if (!this.roleFits(e, head, m.mods ?? [])) continue;
      }
      if (!best || e.last > best.last) best = e;
    }
    if (!best && org && this.lex.institutions.has(head) && unit.role === 'text') {
      return this.registry.institution(m, pos);
    }
    if (best) best.last = Math.max(best.last, pos);
    return best;
  }

  private pronoun(m: Mention, unit: Unit, verbGender?: Gender): Entity | null {
    if (unit.role !== 'text') return null;
    const g =
      verbGender && verbGender !== 'n' && m.gender !== 'n' && m.gender !== 'pl' ? verbGender : m.gender;
    if (g === 'n' || g === 'pl') {
      const top = this.focus[this.focus.length - 1];
      return top && top.entity.kind === 'organization' && top.unit >= unit.index - 2 ? top.entity : null;
    }
    // The latest person in subject position; further back than three blocks only when the
    // grammatical gender tells them apart from everyone skipped on the way.
    let unsure = false;
    for (let x = this.focus.length - 1; x >= 0; x--) {
      const f = this.focus[x]!;
      if (f.unit < unit.index - 8) break;
      const near = f.unit >= unit.index - 3;
      if (f.coordinated) continue;
      const e = f.entity;
      if (e.kind === 'organization' || (e.kind !== 'person' && !e.spoke)) continue;
      if (e.gender && g && e.gender !== g) continue;
      if (!near && (unsure || !g || e.gender !== g)) return null;
      if (!e.gender) unsure = true;
      if (g) e.gender ??= g;
      return e;
    }
    return null;
  }

  private resolve(m: Mention, unit: Unit, verbGender?: Gender, forCue = false): Entity | null {
    if (this.resolved.has(m)) return this.resolved.get(m) ?? null;
    const pos = this.pos(unit, m.s);
    let e: Entity | null = null;
    if (m.type === 'name') {
      // A lone capitalised word in passing ("in Kenya") only matters if it names someone known.
      const create = forCue || m.subject || m.titled || m.name.length > 1 || m.kind === 'organization';
      e = this.registry.resolveName(m, pos, create);
    } else if (m.type === 'description') e = m.subject || forCue ? this.description(m, unit, pos) : null;
    else if (forCue) e = this.pronoun(m, unit, verbGender);
    else return null; // a pronoun in passing adds nothing the name before it did not; not cached
    this.resolved.set(m, e);
    this.records.push({ pos, entity: e, m });
    if (e && m.subject && unit.role === 'text') {
      this.focus.push({ entity: e, unit: unit.index, coordinated: m.coordinated });
    }
    return e;
  }

  // -------------------------------------------------------------------------------------------

  /** Someone else named (as a person, or as an organisation that acts) between the two quotes. */
  private blocked(from: number, to: number, speaker: Entity, topic: Mention | undefined): boolean {
    for (let x = this.records.length - 1; x >= 0; x--) {
      const r = this.records[x]!;
      if (r.pos >= to) continue;
      if (r.pos <= from) break;
      if (r.m === topic || r.entity === speaker) continue;
      if (r.m.type === 'name') {
        const e = r.entity;
        if (!e) return true; // ambiguous name
        if (e.kind === 'person' || r.m.titled || e.spoke || (r.m.subject && r.m.clauseInitial)) return true;
      } else if (r.m.type === 'description' && r.m.subject && r.m.kind === 'person') {
        return true;
      }
    }
    return false;
  }

  private attributeQuote(unit: Unit, q: number): void {
    const span = unit.spans[q]!;
    const qi = unit.quoteToken[q]!;
    this.order.push({ unit, span });
    const root = this.continues.get(span);
    const first = root ? this.info.get(root) : undefined;
    if (root && first?.entity) {
      this.info.set(span, { ...first, continues: root });
      return;
    }
    const finder = new CueFinder(unit, this.lex);
    const { tokens, text } = unit;
    const sentence = unit.sentences[unit.sentenceOf[qi]!]!;
    const notSpeech =
      finder.phraseBefore(qi, this.lex.framing) || finder.phraseBefore(qi, this.lex.otherMarkers);
    const cue = notSpeech ? null : finder.find(qi);
    const inner = text.slice(span.innerStart, span.innerEnd);
    const lowerStart = /^[\s.…[(]*\p{Ll}/u.test(inner);
    const topic = lowerStart ? finder.topic(qi) : undefined;
    const prev = qi > sentence.t0 ? tokens[qi - 1] : undefined;
    const before = text.slice(prev ? prev.e : 0, span.open);
    const next = qi + 1 < sentence.t1 && tokens[qi + 1]!.quote < 0 ? tokens[qi + 1] : undefined;
    const kind = classifyQuote(
      inner,
      {
        introduced:
          !prev ||
          prev.quote >= 0 ||
          /[:,;—–-]\s*$/u.test(before) ||
          (finder.isVerb(qi - 1) && before.trim() === ''),
        after: next ? text.slice(span.end, next.s) : text.slice(span.end, span.end + 3),
        ...(next ? { nextWord: next.text } : {}),
        nextIsCue:
          !!next && (finder.isVerb(qi + 1) || !!unit.startsAt[qi + 1] || this.lex.pronouns.has(next.low)),
        cue: !!cue,
        topic: !!topic,
        notSpeech,
      },
      ownText(text, span),
    );

    let entity: Entity | null = null;
    let rule: string | undefined;
    let mention: QuoteInfo['mention'];
    if (kind !== 'other' && cue) {
      rule = cue.rule;
      if (cue.mention) {
        const g = cue.verb ? this.lex.verbGender.get(cue.verb.low) : undefined;
        entity = this.resolve(cue.mention, unit, g, true);
        if (entity) {
          entity.spoke = true;
          // Whoever speaks is what a later "he" or "she" most likely means.
          if (unit.role === 'text' && !cue.mention.subject) {
            this.focus.push({ entity, unit: unit.index, coordinated: false });
          }
          if (cue.mention.type === 'description')
            this.registry.note(entity, cue.mention, this.pos(unit, cue.mention.s));
          if (g === 'm' || g === 'f') entity.gender ??= g;
          mention = { unit, m: cue.mention };
          if (cue.mention.type !== 'name') rule += `/${cue.mention.type}`;
        }
      }
    } else if (root) {
      // The later part of a quotation that runs over blocks has no cue: nothing to add.
    } else if (kind !== 'other' && unit.role === 'text' && this.last?.entity) {
      const last = this.last;
      const sameUnit = last.unit === unit.index;
      const allowed = kind === 'direct' || sameUnit || (!!topic && last.textOrder === this.textOrder - 1);
      const start = this.pos(unit, span.open);
      if (allowed && !this.blocked(last.regionEnd, start, last.entity!, topic)) {
        entity = last.entity;
        rule = 'continuation';
        mention = last.mention;
      }
    }
    const info: QuoteInfo = {
      kind: first?.kind ?? kind,
      entity,
      nested: false,
      ...(rule ? { rule } : {}),
      ...(mention ? { mention } : {}),
      ...(root ? { continues: root } : {}),
    };
    this.info.set(span, info);
    if (root && first && entity) {
      // A cue after the last part names the speaker of the whole quotation.
      Object.assign(first, { entity, rule: info.rule, mention: info.mention });
    }
    if (kind !== 'other' && unit.role === 'text') {
      const endTok = tokens[sentence.t1 - 1]!;
      this.last = {
        entity,
        ...(mention ? { mention } : {}),
        unit: unit.index,
        textOrder: this.textOrder,
        regionEnd: this.pos(unit, Math.max(endTok.e, span.end)),
      };
    }
  }

  private nested(unit: Unit, spans: readonly QuoteSpan[]): void {
    for (const span of spans) {
      for (const child of span.children) {
        const inner = unit.text.slice(child.innerStart, child.innerEnd);
        const before = unit.text.slice(span.innerStart, child.open);
        const kind = classifyQuote(inner, {
          introduced: before.trim() === '' || /[:,;—–-]\s*$/u.test(before),
          after: '',
          nextIsCue: false,
          cue: false,
          topic: false,
          notSpeech: false,
        });
        this.info.set(child, { kind, entity: null, nested: true });
      }
      this.nested(unit, span.children);
    }
  }

  /** Attributes every quotation of the units, in document order. */
  run(units: Unit[]): Attribution {
    for (const unit of units) {
      if (unit.role === 'text') this.textOrder++;
      // Mentions before each quote are known when it is attributed; the rest after.
      let mi = 0;
      for (let q = 0; q < unit.spans.length; q++) {
        const qi = unit.quoteToken[q]!;
        while (mi < unit.mentions.length && unit.mentions[mi]!.t1 <= qi)
          this.resolve(unit.mentions[mi++]!, unit);
        this.attributeQuote(unit, q);
      }
      while (mi < unit.mentions.length) this.resolve(unit.mentions[mi++]!, unit);
      this.nested(unit, unit.spans);
      if (unit.role === 'heading' && this.last) this.last = { ...this.last, entity: null };
    }
    for (const { unit, span } of this.order) {
      const info = this.info.get(span);
      if (info?.kind === 'direct' && !info.entity && !info.continues) {
        const words = unit.text.slice(span.innerStart, span.innerEnd).trim().slice(0, 60);
        this.report.warn('quotes:unattributed', `No speaker found for the quotation “${words}…”.`);
      }
    }
    return { info: this.info, registry: this.registry, order: this.order };
  }
}
