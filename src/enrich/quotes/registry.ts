/**
 * The people and organisations an article names: one entity per referent, found again under a
 * shorter or inflected name ("Sergey Lavrov", "Lavrov", "Лаврова"), with the titles and roles seen
 * with it. Entities that speak become the Article's speakers.
 */
import type { Gender, Lexicon } from './lexicon.js';
import type { Mention } from './mentions.js';

export interface NameForm {
  words: string[];
  keys: string[];
  /** The keys without initials, which names are matched on. */
  core: string[];
  /** Seen as the subject of a clause (so in the nominative, for inflected languages). */
  subject: boolean;
}

export interface Entity {
  /** Creation order. */
  index: number;
  forms: NameForm[];
  kind?: 'person' | 'organization';
  gender?: Gender;
  roles: string[];
  /** Names and descriptions the article uses for it. */
  aliases: string[];
  /** The descriptions among the aliases ("the Russian diplomat"). */
  described: string[];
  /** Document position of its first mention. */
  first: number;
  /** Document position of its latest mention. */
  last: number;
  /** Has been the subject of a speech cue. */
  spoke: boolean;
  /** Institution named only by a noun ("the government"): the noun, lowercased. */
  institution?: string;
}

const MARKS = /\p{M}/gu;
const CYRILLIC = /[\u0400-\u04ff]/;
const NON_ASCII = /[^\u0020-\u007e]/;
/** Russian case endings, longest first (a name keeps at least three letters). */
const RU_ENDINGS = [
  'ыми',
  'ими',
  'ого',
  'его',
  'ому',
  'ему',
  'ой',
  'ей',
  'ый',
  'ий',
  'ым',
  'им',
  'ом',
  'ем',
  'ую',
  'юю',
  'ая',
  'яя',
  'ою',
  'ею',
  'а',
  'я',
  'у',
  'ю',
  'е',
  'ы',
  'и',
  'о',
  'й',
  'ь',
];

/** Russian stem of a word (case endings removed), used to match inflected names and roles. */
export function russianStem(low: string): string {
  for (const end of RU_ENDINGS) {
    if (low.length - end.length >= 3 && low.endsWith(end)) return low.slice(0, -end.length);
  }
  return low;
}

function isInitial(w: string): boolean {
  return /^\p{L}\.?$/u.test(w) || /^(?:\p{L}\.)+\p{L}?\.?$/u.test(w);
}

function coreOf(keys: readonly string[]): string[] {
  const out: string[] = [];
  for (const k of keys) if (!isInitial(k)) out.push(k);
  return out;
}

export class Registry {
  readonly entities: Entity[] = [];

  constructor(private readonly lex: Lexicon) {}

  private readonly keys = new Map<string, string>();
  /** Entities by the first letters of the first and last words of their names. */
  private readonly buckets = new Map<string, Set<Entity>>();

  private bucket(key: string): string {
    return key.slice(0, 4);
  }

  private index(e: Entity, keys: readonly string[]): void {
    const core = coreOf(keys);
    for (const k of [core[0], core[core.length - 1]]) {
      if (k === undefined) continue;
      const b = this.bucket(k);
      const set = this.buckets.get(b) ?? new Set<Entity>();
      this.buckets.set(b, set);
      set.add(e);
    }
  }

  key(word: string): string {
    let k = this.keys.get(word);
    if (k === undefined) {
      let low = word
        .toLowerCase()
        .replace(/['’]s$/u, '')
        .replace(/\./g, '');
      if (NON_ASCII.test(low)) low = low.normalize('NFD').replace(MARKS, '').normalize('NFC');
      k = this.lex.inflectedNames && CYRILLIC.test(low) ? russianStem(low) : low;
      this.keys.set(word, k);
    }
    return k;
  }

  private same(a: string, b: string): boolean {
    if (a === b) return true;
    if (!this.lex.inflectedNames || !CYRILLIC.test(a)) return false;
    const [s, l] = a.length < b.length ? [a, b] : [b, a];
    return s.length >= 3 && l.length - s.length <= 1 && l.startsWith(s);
  }

  private seq(a: readonly string[], b: readonly string[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!this.same(a[i]!, b[i]!)) return false;
    return true;
  }

  /** Is `short` a tail of `long` ("Lavrov" of "Sergey Lavrov")? */
  private suffix(short: readonly string[], long: readonly string[]): boolean {
    if (!short.length || short.length > long.length) return false;
    const off = long.length - short.length;
    for (let i = 0; i < short.length; i++) if (!this.same(short[i]!, long[off + i]!)) return false;
    return true;
  }

  private prefix(short: readonly string[], long: readonly string[]): boolean {
    if (!short.length || short.length > long.length) return false;
    for (let i = 0; i < short.length; i++) if (!this.same(short[i]!, long[i]!)) return false;
    return true;
  }

  /** The entities a name could refer to, best first; several equally good ones mean "ambiguous". */
  private candidates(keys: string[], kind: Mention['kind']): Entity[] {
    const core = coreOf(keys);
    const exact: Entity[] = [];
    const persons: Entity[] = [];
    const orgs: Entity[] = [];
    const pool = new Set<Entity>();
    for (const k of [core[0], core[core.length - 1]]) {
      if (k !== undefined) for (const e of this.buckets.get(this.bucket(k)) ?? []) pool.add(e);
    }
    for (const e of pool) {
      if (e.institution) continue;
      let hitExact = false;
      let hitPerson = false;
      let hitOrg = false;
      for (const f of e.forms) {
        const fcore = f.core;
        if (this.seq(core, fcore)) hitExact = true;
        else if (e.kind !== 'organization' && kind !== 'organization') {
          if (this.suffix(core, fcore) || this.suffix(fcore, core)) hitPerson = true;
        } else if (e.kind === 'organization' && kind !== 'person') {
          if (core.length >= 1 && (this.prefix(core, fcore) || this.prefix(fcore, core))) {
            // "Whole Foods" / "Whole Foods Market"; never a lone surname for "Obama administration".
            const longer = core.length > fcore.length ? core : fcore;
            const shorter = core.length > fcore.length ? fcore : core;
            if (shorter.length >= 2 || longer.length === shorter.length + 1) hitOrg = true;
          }
        }
      }
      if (hitExact) exact.push(e);
      else if (hitPerson) persons.push(e);
      else if (hitOrg) orgs.push(e);
    }
    if (exact.length) return exact;
    if (persons.length) return persons;
    return orgs;
  }

  /**
   * The entity a name mention refers to, or null when it is ambiguous. A new name makes a new entity
   * when `create` is set; otherwise (a lone capitalised word in passing) it is left alone.
   */
  resolveName(m: Mention, pos: number, create = true): Entity | null {
    const keys: string[] = [];
    for (const w of m.name) keys.push(this.key(w));
    const found = this.candidates(keys, m.kind);
    let e: Entity;
    if (found.length > 1) return null;
    if (found.length === 1) {
      e = found[0]!;
    } else {
      if (!create) return null;
      e = {
        index: this.entities.length,
        forms: [],
        roles: [],
        aliases: [],
        described: [],
        first: pos,
        last: pos,
        spoke: false,
      };
      this.entities.push(e);
    }
    this.note(e, m, pos);
    let form: NameForm | undefined;
    for (const f of e.forms) if (this.seq(f.keys, keys)) form = f;
    if (!form) {
      e.forms.push({ words: m.name, keys, core: coreOf(keys), subject: m.subject });
      this.index(e, keys);
    } else if (m.subject) form.subject = true;
    return e;
  }

  /** Records what a mention tells about an entity (kind, gender, roles, the alias it used). */
  note(e: Entity, m: Mention, pos: number): void {
    e.last = Math.max(e.last, pos);
    e.first = Math.min(e.first, pos);
    if (m.kind && (!e.kind || (m.titled && m.kind === 'person'))) e.kind = m.kind;
    if (m.gender && m.gender !== 'n' && m.gender !== 'pl' && m.type === 'name') e.gender ??= m.gender;
    if (m.type === 'name') for (const r of m.roles) if (r && !e.roles.includes(r)) e.roles.push(r);
    if (m.type !== 'pronoun') {
      const alias = m.type === 'name' && m.title ? `${m.title} ${m.text}` : m.text;
      for (const a of [m.text, alias]) if (!e.aliases.includes(a)) e.aliases.push(a);
      if (m.type === 'description' && !e.described.includes(m.text)) e.described.push(m.text);
    }
  }

  /** An institution named only by its noun ("the government", "le gouvernement"). */
  institution(m: Mention, pos: number): Entity {
    const head = m.head ?? m.text.toLowerCase();
    const stem = this.key(head);
    let e = this.entities.find(
      (x) => x.institution !== undefined && this.same(this.key(x.institution), stem),
    );
    if (!e) {
      const word = m.text.slice(m.text.toLowerCase().lastIndexOf(head)) || head;
      const name = word.charAt(0).toUpperCase() + word.slice(1);
      e = {
        index: this.entities.length,
        forms: [{ words: [name], keys: [stem], core: [stem], subject: true }],
        kind: 'organization',
        roles: [],
        aliases: [],
        described: [],
        first: pos,
        last: pos,
        spoke: false,
        institution: head,
      };
      this.entities.push(e);
    }
    this.note(e, m, pos);
    return e;
  }

  /** The fullest name, preferring forms seen as a subject (the nominative, in inflected languages). */
  canonical(e: Entity): string {
    let best: NameForm | undefined;
    for (const f of e.forms) {
      if (!best) best = f;
      else if (f.words.length > best.words.length && (f.subject || !best.subject || !this.lex.inflectedNames))
        best = f;
      else if (
        this.lex.inflectedNames &&
        f.subject &&
        !best.subject &&
        f.words.length >= best.words.length - 1
      )
        best = f;
    }
    return best ? best.words.join(' ') : (e.aliases[0] ?? '');
  }
}
