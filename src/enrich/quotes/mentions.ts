/**
 * People and organisations named in the narration: capitalised name sequences with the titles and
 * roles written around them ("Russian Foreign Minister Sergey Lavrov", "White House press secretary
 * Josh Earnest", "глава МИД России Сергей Лавров"), descriptions ("the Russian diplomat", "la
 * ministre", "дипломат") and personal pronouns.
 */
import type { Gender, Lexicon } from './lexicon.js';
import type { Sentence, Token } from './tokens.js';

export type MentionType = 'name' | 'pronoun' | 'description';

export interface Mention {
  type: MentionType;
  /** Token range [t0, t1) of the name, pronoun or description itself. */
  t0: number;
  t1: number;
  /** First token of the titles, roles or determiner written before it (≤ t0). */
  lead: number;
  /** Character range of the mention in the block text. */
  s: number;
  e: number;
  text: string;
  /** Name words as written (possessive ending removed); empty for pronouns and descriptions. */
  name: string[];
  /** Titles and roles written with this mention. */
  roles: string[];
  /** The titles written right before a name ("Russian Foreign Minister"). */
  title?: string;
  kind?: 'person' | 'organization';
  gender?: Gender;
  /** Descriptions: the head noun (lowercased) and the modifiers before it (as written). */
  head?: string;
  mods?: string[];
  definite?: boolean;
  possessive: boolean;
  /** Written with a person's title or honorific ("Mr", "President"). */
  titled: boolean;
  /** Looks like the subject of its clause (followed by a verb, not after a preposition). */
  subject: boolean;
  /** Joined to another mention by "and" ("Lavrov and Blinken"). */
  coordinated: boolean;
  /** Opens its clause (sentence start, after a comma, a conjunction or "that"). */
  clauseInitial: boolean;
  /** Index of the sentence in the block. */
  sentence: number;
}

const POSSESSIVE = /['’]s?$/u;
const LOWER_TAIL = /-\p{Ll}/u;
const ALL_CAPS = /^[\p{Lu}\d.-]{2,}$/u;
const PATRONYMIC = /(?:ович|евич|ич|овна|евна|ична|инична)$/u;
const INITIAL = /^\p{Lu}(?:\.\p{Lu})*$/u;
const ADJECTIVE = /(?:ий|ый|ой|ая|яя|ое|ее|ие|ые|ого|его|ому|ему|ую|юю)$/u;
const ORG_CONNECTORS = new Set([
  'of',
  'on',
  'for',
  'and',
  '&',
  'de',
  'du',
  'des',
  'für',
  'по',
  'и',
  'et',
  'und',
]);
const AND = new Set(['and', '&', 'и', 'et', 'und']);

function isPossessive(t: Token): boolean {
  const x = t.text;
  const n = x.length;
  if (n < 3) return false;
  return (
    (isApostrophe(x.charCodeAt(n - 2)) && x[n - 1] === 's') ||
    (isApostrophe(x.charCodeAt(n - 1)) && x[n - 2] === 's')
  );
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019;
}

function texts(tokens: readonly Token[], from: number, to: number): string[] {
  const out: string[] = [];
  for (let x = from; x < to; x++) out.push(tokens[x]!.text);
  return out;
}

/** Clause punctuation (, ; : — – or an opening parenthesis) in the text [from, to)? */
function punctuationBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 59 || c === 58 || c === 0x2014 || c === 0x2013 || c === 40) return true;
  }
  return false;
}

/** Is there a comma in the text [from, to)? */
function commaBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 44) return true;
  return false;
}

/** Only a space (or the period of an abbreviation and a space) between two tokens. */
function plainGap(text: string, a: Token, b: Token): boolean {
  const len = b.s - a.e;
  if (len === 0) return true;
  const last = text.charCodeAt(b.s - 1);
  if (last !== 32 && last !== 0xa0) return false;
  return len === 1 || (len === 2 && text.charCodeAt(a.e) === 46);
}

/** Context shared by the finders of one block. */
interface Scan {
  text: string;
  tokens: readonly Token[];
  lex: Lexicon;
  /** Lowercased words the article also writes in lower case (so a capital is only sentence case). */
  vocab: ReadonlySet<string>;
}

function isTitle(scan: Scan, t: Token): boolean {
  const { lex } = scan;
  if (lex.titles.has(t.low) || lex.honorifics.has(t.low)) return true;
  for (const suffix of lex.titleSuffixes)
    if (t.low.length > suffix.length + 2 && t.low.endsWith(suffix)) return true;
  return false;
}

function isRoleWord(scan: Scan, t: Token): boolean {
  return scan.lex.roleNouns.has(t.low) || (!t.cap && scan.lex.titles.has(t.low));
}

/** Could this token start or continue a capitalised name? */
function nameWord(t: Token): boolean {
  return t.quote < 0 && t.cap && !LOWER_TAIL.test(t.text) && !/['’]$/u.test(t.text);
}

/**
 * Titles and roles written right before a name ("White House press secretary", "skipper",
 * "министр иностранных дел России"): returns the first token of that lead, or `start` if none.
 */
function roleLead(scan: Scan, start: number, floor: number): number {
  const { tokens, text } = scan;
  let lead = start;
  let sawRole = false;
  for (let k = start - 1, steps = 0; k >= floor && steps < 6; k--, steps++) {
    const t = tokens[k]!;
    if (t.quote >= 0 || !plainGap(text, t, tokens[k + 1]!)) break;
    if (isRoleWord(scan, t)) {
      sawRole = true;
      lead = k;
    } else if (t.low === 'and' || t.low === 'и' || t.low === 'et') {
      if (!sawRole) break;
    } else if (t.cap) {
      if (!sawRole) break;
      lead = k; // a capitalised modifier of the role: "White House", "BBC's North America"
    } else if (sawRole || scan.lex.definite.has(t.low) || scan.lex.prepositions.has(t.low)) {
      break;
    } else if (scan.lex.inflectedNames && steps < 4) {
      // Russian genitive complements between the role and the name: "министр иностранных дел России".
    } else {
      break;
    }
  }
  return sawRole ? lead : start;
}

type MentionInit = Pick<Mention, 'type' | 't0' | 't1' | 'lead' | 'sentence'> &
  Partial<Omit<Mention, 'type' | 't0' | 't1' | 'lead' | 'sentence' | 's' | 'e' | 'text'>>;

/** A mention with every field set, in one order: one object shape for the whole pipeline. */
function makeMention(scan: Scan, f: MentionInit): Mention {
  const first = scan.tokens[f.t0]!;
  const last = scan.tokens[f.t1 - 1]!;
  let e = last.e;
  let text = scan.text.slice(first.s, e);
  if (f.possessive) {
    const m = POSSESSIVE.exec(text);
    if (m) {
      e -= m[0].length;
      text = text.slice(0, -m[0].length);
    }
  }
  return {
    type: f.type,
    t0: f.t0,
    t1: f.t1,
    lead: f.lead,
    s: first.s,
    e,
    text,
    name: f.name ?? [],
    roles: f.roles ?? [],
    title: f.title,
    kind: f.kind,
    gender: f.gender,
    head: f.head,
    mods: f.mods,
    definite: f.definite ?? false,
    possessive: f.possessive ?? false,
    titled: f.titled ?? false,
    subject: f.subject ?? false,
    coordinated: false,
    clauseInitial: false,
    sentence: f.sentence,
  };
}

/** Where a clause's verb would be after the mention: skips one ", appositive," stretch. */
function tokenAfter(scan: Scan, t1: number, end: number): Token | undefined {
  const { tokens, text } = scan;
  const next = tokens[t1];
  if (!next || t1 >= end) return undefined;
  if (!commaBetween(text, tokens[t1 - 1]!.e, next.s)) return next;
  for (let k = t1 + 1; k < Math.min(end, t1 + 16); k++) {
    if (commaBetween(text, tokens[k - 1]!.e, tokens[k]!.s)) return tokens[k];
  }
  return undefined;
}

function looksLikeSubject(
  scan: Scan,
  lead: number,
  t1: number,
  sentence: Sentence,
  possessive: boolean,
): boolean {
  if (possessive) return false;
  const { tokens, lex, text } = scan;
  const before = lead > sentence.t0 ? tokens[lead - 1] : undefined;
  if (before && before.quote < 0 && lex.speechVerbs.has(before.low)) return true; // "said Tom Forte"
  // After a preposition, possibly across modifiers ("at Kroger-owned QFC stores"): not a subject.
  for (let k = lead - 1, steps = 0; k >= sentence.t0 && steps < 3; k--, steps++) {
    const t = tokens[k]!;
    if (t.quote >= 0 || text.slice(t.e, tokens[k + 1]!.s).trim() !== '') break;
    if (lex.prepositions.has(t.low) && !lex.inversionIntro.has(t.low)) return false;
    if (lex.speechVerbs.has(t.low) || lex.conjunctions.has(t.low)) break;
  }
  const after = tokenAfter(scan, t1, sentence.t1);
  if (!after || after.quote >= 0 || after.cap) return false;
  return !(
    lex.prepositions.has(after.low) ||
    lex.definite.has(after.low) ||
    lex.indefinite.has(after.low) ||
    lex.conjunctions.has(after.low)
  );
}

function isOrgSuffix(lex: Lexicon, low: string): boolean {
  return lex.orgSuffixes.has(low.endsWith('.') ? low.slice(0, -1) : low);
}

/** "Committee on Intelligence and Security": an organisation word, then a small word inside the run. */
function runsOverConnector(lex: Lexicon, tokens: readonly Token[], from: number, to: number): boolean {
  let connector = false;
  let suffix = false;
  for (let x = from; x < to; x++) {
    const t = tokens[x]!;
    if (!t.cap && ORG_CONNECTORS.has(t.low)) connector = true;
    else if (lex.orgSuffixes.has(t.low)) suffix = true;
  }
  return connector && suffix;
}

/** Does the middle of a three-word name belong to it (an initial, a patronymic, a particle)? */
function middleKeeps(lex: Lexicon, tokens: readonly Token[], x: number): boolean {
  const t = tokens[x]!;
  return INITIAL.test(t.text) || PATRONYMIC.test(t.low) || lex.nameParticles.has(t.low);
}

/** Splits a capitalised run into titles and the name; returns null when the run is no name. */
function nameFromRun(
  scan: Scan,
  i: number,
  j: number,
  sentence: Sentence,
  sentenceIndex: number,
): Mention | null {
  const { tokens, lex, vocab } = scan;
  let a = i;
  // Sentence-case words and function words are not names: "However", "The", "По".
  while (a < j) {
    const t = tokens[a]!;
    const initial = a === sentence.t0 || (a > sentence.t0 && tokens[a - 1]!.quote >= 0);
    // A surname's particle stays: "De Miranda writes".
    if (lex.nameParticles.has(t.low) && a + 1 < j && !lex.definite.has(t.low)) break;
    if (lex.stopwords.has(t.low) || lex.definite.has(t.low) || lex.indefinite.has(t.low)) a++;
    else if (initial && vocab.has(t.low) && !isTitle(scan, t)) a++;
    else break;
  }
  if (a >= j) return null;
  const afterDeterminer = a > sentence.t0 && lex.definite.has(tokens[a - 1]!.low);

  // The last title word (with "of State"-style complements) ends the titles; the name follows.
  let k = -1;
  let gender: Gender | undefined;
  let titled = false;
  for (let x = a; x < j; x++) {
    const t = tokens[x]!;
    if (isTitle(scan, t) && (x + 1 < j || afterDeterminer || x === a)) {
      k = x;
      titled = true;
      gender = lex.honorifics.get(t.low) ?? gender;
    } else if (k === x - 1 && k >= 0 && (t.low === 'of' || t.low === 'de')) {
      let y = x + 1;
      while (y < j && lex.titleComplements.has(tokens[y]!.low)) y++;
      if (y > x + 1) {
        k = y - 1;
        x = y - 1;
      }
    }
  }
  const possessive = isPossessive(tokens[j - 1]!);
  let nameStart = Math.max(k + 1, a);
  if (nameStart >= j) {
    // Titles only: "the Russian Foreign Minister" is a description.
    if (!afterDeterminer && !titled) return null;
    const head = tokens[k >= 0 ? k : j - 1]!;
    const mods = texts(tokens, a, k >= 0 ? k : j - 1);
    return makeMention(scan, {
      type: 'description',
      t0: a,
      t1: j,
      lead: afterDeterminer ? a - 1 : a,
      name: [],
      roles: [scan.text.slice(tokens[a]!.s, tokens[j - 1]!.e)],
      head: head.low,
      mods,
      definite: afterDeterminer,
      possessive,
      titled: false,
      subject: looksLikeSubject(scan, afterDeterminer ? a - 1 : a, j, sentence, possessive),
      coordinated: false,
      sentence: sentenceIndex,
    });
  }
  const lead = roleLead(scan, a, sentence.t0);
  // An organisation's name ends with its kind ("… Company") or runs on over small words ("Committee on …").
  const orgWord =
    isOrgSuffix(lex, tokens[j - 1]!.low) ||
    (j - nameStart > 2 && runsOverConnector(lex, tokens, nameStart, j));
  // Long runs after a role hold a place or organisation before the name ("МИД России Сергей Лавров").
  const len = j - nameStart;
  if (
    !orgWord &&
    (len > 3 || (len === 3 && (lead < a || k >= 0 || lex.inflectedNames) && !middleKeeps(lex, tokens, j - 2)))
  ) {
    nameStart = j - (middleKeeps(lex, tokens, j - 2) ? 3 : 2);
  }
  // The name as written ("Robert M. Danin"), without a possessive ending.
  const name: string[] = [];
  for (let x = nameStart; x < j; x++) {
    const t = tokens[x]!;
    const period = x + 1 < j && scan.text.charCodeAt(t.e) === 46;
    name.push(x === j - 1 && possessive ? t.text.replace(POSSESSIVE, '') : period ? `${t.text}.` : t.text);
  }

  // Organisation or person?
  const last = tokens[j - 1]!;
  const next = tokens[j];
  const orgNounAfter =
    next && !next.cap && next.quote < 0 && lex.orgNouns.has(next.low) && plainGap(scan.text, last, next);
  let kind: Mention['kind'];
  let t1 = j;
  if (orgNounAfter) {
    kind = 'organization';
    t1 = j + 1; // "Likud party", "D.A. Davidson brokerage"
    name.push(next.text);
  } else if (orgWord || (len === 1 && ALL_CAPS.test(last.text))) {
    kind = 'organization';
  } else if (titled || (len >= 2 && !afterDeterminer)) {
    kind = 'person';
  } else if (afterDeterminer) {
    kind = 'organization';
  }
  const roles: string[] = [];
  let title: string | undefined;
  const leadStart = Math.min(lead, a);
  if (leadStart < nameStart) {
    const role = scan.text
      .slice(tokens[leadStart]!.s, tokens[nameStart]!.s)
      .trim()
      .replace(/['’]s$/u, '');
    // Honorifics ("Mr.", "Mme") say how to address a person, not what the person does.
    if (!(nameStart - leadStart === 1 && lex.honorifics.has(tokens[leadStart]!.low))) roles.push(role);
    title = role;
  }
  return makeMention(scan, {
    type: 'name',
    t0: nameStart,
    t1,
    lead: leadStart,
    name,
    roles,
    title,
    kind,
    gender,
    possessive,
    titled: titled || leadStart < nameStart,
    subject: looksLikeSubject(scan, leadStart, t1, sentence, possessive),
    coordinated: false,
    sentence: sentenceIndex,
  });
}

/** A description: determiner + modifiers + role or organisation noun ("the Russian diplomat"). */
function description(scan: Scan, i: number, sentence: Sentence, sentenceIndex: number): Mention | null {
  const { tokens, lex } = scan;
  const det = tokens[i]!;
  const bare = lex.inflectedNames && !lex.definite.has(det.low) && !lex.indefinite.has(det.low);
  const definite = bare || lex.definite.has(det.low);
  const from = bare ? i : i + 1;
  for (let k = from; k < Math.min(sentence.t1, from + 4); k++) {
    const t = tokens[k]!;
    if (t.quote >= 0 || lex.prepositions.has(t.low) || lex.conjunctions.has(t.low)) return null;
    if (k > from && (lex.definite.has(t.low) || lex.indefinite.has(t.low))) return null;
    if (lex.speechVerbs.has(t.low) && !lex.roleNouns.has(t.low)) return null;
    if (k > from && !plainGap(scan.text, tokens[k - 1]!, t)) return null;
    const role = lex.roleNouns.has(t.low) || lex.orgNouns.has(t.low);
    if (!role) {
      if (bare) return null; // Russian: the role noun itself starts the description
      continue;
    }
    // Take the last of consecutive role words ("press secretary").
    let h = k;
    while (
      h + 1 < sentence.t1 &&
      isRoleWord(scan, tokens[h + 1]!) &&
      plainGap(scan.text, tokens[h]!, tokens[h + 1]!)
    )
      h++;
    const after = tokens[h + 1];
    if (after && nameWord(after) && plainGap(scan.text, tokens[h]!, after)) return null; // a role before a name
    const headTok = tokens[h]!;
    // A capitalised head makes a proper name ("the Fishing Vessel Owners Association"), unless it is a title.
    if (headTok.cap && !lex.titles.has(headTok.low)) return null;
    const possessive = isPossessive(headTok);
    if (possessive) return null;
    // Russian adjectives before a bare role noun: "российский дипломат".
    let lead = bare ? from : i;
    while (
      bare &&
      lead > sentence.t0 &&
      ADJECTIVE.test(tokens[lead - 1]!.low) &&
      plainGap(scan.text, tokens[lead - 1]!, tokens[lead]!)
    ) {
      lead--;
    }
    const mods = texts(tokens, bare ? lead : from, h);
    return makeMention(scan, {
      type: 'description',
      t0: lead,
      t1: h + 1,
      lead,
      name: [],
      roles: [scan.text.slice(tokens[from]!.s, headTok.e)],
      head: headTok.low,
      mods,
      definite,
      possessive: false,
      titled: false,
      kind: lex.orgNouns.has(headTok.low) ? 'organization' : 'person',
      subject: looksLikeSubject(scan, lead, h + 1, sentence, false),
      coordinated: false,
      sentence: sentenceIndex,
    });
  }
  return null;
}

/** The role phrase right after a name, set off by a comma, when it starts with a role noun. */
function appositive(scan: Scan, m: Mention, sentence: Sentence): string | undefined {
  const { tokens, text, lex } = scan;
  const first = tokens[m.t1];
  if (!first || m.t1 >= sentence.t1 || first.quote >= 0) return undefined;
  if (!/^\s*,\s*$/u.test(text.slice(tokens[m.t1 - 1]!.e, first.s))) return undefined;
  let end = m.t1;
  let role = false;
  for (let k = m.t1; k < Math.min(sentence.t1, m.t1 + 12); k++) {
    const t = tokens[k]!;
    if (t.quote >= 0 || (k > m.t1 && /[,;:.()—–]/u.test(text.slice(tokens[k - 1]!.e, t.s)))) break;
    if (k - m.t1 < 4 && isRoleWord(scan, t)) role = true;
    else if (k === m.t1 && !lex.determiners.has(t.low) && !lex.titles.has(t.low)) return undefined;
    end = k + 1;
  }
  return role ? text.slice(first.s, tokens[end - 1]!.e) : undefined;
}

/** May an organisation's name run on over the small word `low` after tokens [i, j)? */
function orgRunOn(lex: Lexicon, tokens: readonly Token[], i: number, j: number, low: string): boolean {
  let suffix = false;
  let connector = false;
  for (let x = i; x < j; x++) {
    const t = tokens[x]!;
    if (lex.orgSuffixes.has(t.low)) suffix = true;
    if (!t.cap && ORG_CONNECTORS.has(t.low) && !AND.has(t.low)) connector = true;
  }
  // "and" only inside such a complement ("… on Intelligence and Security"), never between two names.
  return suffix && (!AND.has(low) || connector);
}

/** Adds a mention; a later mention's titles may swallow an earlier one ("North America" in "North America editor Jon Sopel"). */
function pushMention(out: Mention[], m: Mention): void {
  while (out.length && out[out.length - 1]!.t0 >= m.lead && out[out.length - 1]!.t0 < m.t0) out.pop();
  out.push(m);
}

/** Every mention in a block, in order. */
export function findMentions(
  text: string,
  tokens: readonly Token[],
  sentences: readonly Sentence[],
  lex: Lexicon,
  vocab: ReadonlySet<string>,
): Mention[] {
  const scan: Scan = { text, tokens, lex, vocab };
  const out: Mention[] = [];
  for (let si = 0; si < sentences.length; si++) {
    const sentence = sentences[si]!;
    let i = sentence.t0;
    while (i < sentence.t1) {
      const t = tokens[i]!;
      if (t.quote >= 0) {
        i++;
        continue;
      }
      const pronoun = lex.pronouns.get(t.low);
      if (pronoun) {
        pushMention(
          out,
          makeMention(scan, {
            type: 'pronoun',
            t0: i,
            t1: i + 1,
            lead: i,
            name: [],
            roles: [],
            gender: pronoun,
            kind: pronoun === 'n' ? 'organization' : undefined,
            possessive: false,
            titled: false,
            subject: true,
            coordinated: false,
            sentence: si,
          }),
        );
        i++;
        continue;
      }
      if (
        lex.definite.has(t.low) ||
        lex.indefinite.has(t.low) ||
        (lex.inflectedNames && !t.cap && lex.roleNouns.has(t.low))
      ) {
        const d = description(scan, i, sentence, si);
        if (d) {
          pushMention(out, d);
          i = d.t1;
          continue;
        }
      }
      if (nameWord(t)) {
        let j = i + 1;
        while (j < sentence.t1) {
          const prev = tokens[j - 1]!;
          if (isPossessive(prev) || !plainGap(text, prev, tokens[j]!)) break;
          const u = tokens[j]!;
          const following = j + 1 < sentence.t1 ? tokens[j + 1]! : undefined;
          // Organisation names run on over small words: "Committee on Intelligence and Security".
          // "and" only inside such a complement ("… on Intelligence and Security"), never between two names.
          const inOrg = ORG_CONNECTORS.has(u.low) && orgRunOn(lex, tokens, i, j, u.low);
          if (nameWord(u)) j++;
          else if (
            following &&
            nameWord(following) &&
            plainGap(text, u, following) &&
            (inOrg ||
              (lex.nameParticles.has(u.low) && u.low !== 'and') ||
              (u.low === 'of' && isTitle(scan, prev)))
          ) {
            j += 2;
          } else break;
        }
        const m = nameFromRun(scan, i, j, sentence, si);
        if (m) pushMention(out, m);
        i = Math.max(j, m ? m.t1 : j);
        continue;
      }
      i++;
    }
  }
  for (const m of out) {
    const sentence = sentences[m.sentence]!;
    const before = m.lead > sentence.t0 ? tokens[m.lead - 1]! : undefined;
    m.clauseInitial =
      !before ||
      before.quote >= 0 ||
      punctuationBetween(text, before.e, tokens[m.lead]!.s) ||
      lex.conjunctions.has(before.low) ||
      lex.complementizers.has(before.low);
  }
  // Roles in apposition: "Martin Indyk, executive vice president of …", "Marie Curie, porte-parole du …".
  for (const m of out) {
    if (m.type !== 'name' || m.possessive) continue;
    const role = appositive(scan, m, sentences[m.sentence]!);
    if (role) m.roles.push(role);
  }
  // "Lavrov and Blinken": neither alone is what a later "he" refers to.
  for (let x = 0; x + 1 < out.length; x++) {
    const a = out[x]!;
    const b = out[x + 1]!;
    const between = tokens.slice(a.t1, b.lead);
    if (between.length === 1 && lex.conjunctions.has(between[0]!.low) && between[0]!.low !== 'but') {
      a.coordinated = true;
      b.coordinated = true;
    }
  }
  return out;
}
