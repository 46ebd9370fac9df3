/**
 * Speech cues around one quotation, in the same sentence: `"…," X said`, `"…," said X`,
 * `X said: "…"`, `X said that "…"`, `X described the talks as "…"`, `according to X`,
 * `«…», — заявил X`, `X: «…»`, `по словам X`, `« … », a déclaré X`, `selon X`, `X estime que « … »`.
 * A cue names the mention that is the speaker; a cue whose subject is no person ("the report said")
 * still counts, so that no other rule guesses a speaker for that quote.
 */
import type { Lexicon } from './lexicon.js';
import type { Mention } from './mentions.js';
import type { Sentence, Token } from './tokens.js';
import type { Unit } from './unit.js';

export interface Cue {
  rule: string;
  /** The speaker's mention; null when the cue's subject is not a person or organisation. */
  mention: Mention | null;
  verb?: Token;
}

type Subject = Mention | 'none' | 'stop' | 'skip';

const TRAILING_PUNCT = /[,;:—–-]/;
/** Nouns ending like adverbs ("family", "rally"). */
const LY_NOUNS = new Set([
  'family',
  'ally',
  'rally',
  'assembly',
  'supply',
  'monopoly',
  'reply',
  'italy',
  'only',
]);
const GERUND_INTRO = new Set(['by', 'after', 'before', 'while', 'when', 'in', 'en', 'sans', 'après', 'при']);

export class CueFinder {
  constructor(
    private readonly unit: Unit,
    private readonly lex: Lexicon,
  ) {}

  private gap(a: number, b: number): string {
    const { tokens, text } = this.unit;
    return text.slice(tokens[a]!.e, tokens[b]!.s);
  }

  private word(k: number): Token | undefined {
    const t = this.unit.tokens[k];
    return t && t.quote < 0 ? t : undefined;
  }

  private isAux(k: number): boolean {
    const t = this.word(k);
    if (!t || t.cap) return false;
    if (this.lex.aux.has(t.low)) return true;
    if (this.lex.roleNouns.has(t.low) || this.lex.orgNouns.has(t.low) || LY_NOUNS.has(t.low)) return false;
    for (const suffix of this.lex.adverbSuffixes) {
      if (t.low.length > suffix.length + 2 && t.low.endsWith(suffix)) return true;
    }
    return false;
  }

  /** Is token k a speech verb used as a verb? */
  isVerb(k: number): boolean {
    const t = this.word(k);
    if (!t || !this.lex.speechVerbs.has(t.low)) return false;
    const particle = this.lex.particleVerbs.get(t.low);
    if (particle && this.word(k + 1)?.low !== particle) return false;
    const before = this.word(k - 1);
    // "the report", "a call", "his note": a noun, not the verb.
    if (before && this.gap(k - 1, k).trim() === '') {
      if (this.lex.determiners.has(before.low) || /['’]s?$/u.test(before.text)) return false;
    }
    return true;
  }

  /** A mention starting at token k (its titles or determiner included), skipping one article. */
  private mentionFrom(k: number): Mention | undefined {
    const { startsAt } = this.unit;
    const m = startsAt[k];
    if (m) return m;
    const t = this.word(k);
    // "the Kremlin", "l’Arcep"; a surname's particle: "de Miranda writes".
    if (t && (this.lex.definite.has(t.low) || this.lex.nameParticles.has(t.low))) {
      const next = startsAt[k + 1];
      if (next && next.type === 'name' && this.gap(k, k + 1).trim() === '') return next;
    }
    return undefined;
  }

  /** A subject after its verb ("said Tom Forte", "как сообщил Лавров"). */
  private inverted(k: number, sentence: Sentence): Mention | undefined {
    let a = k + 1;
    while (this.isAux(a)) a++;
    const m = a < sentence.t1 ? this.mentionFrom(a) : undefined;
    return m && this.gap(k, a).trim() === '' ? m : undefined;
  }

  /** The subject of the speech verb at token k. */
  subjectOf(k: number, sentence: Sentence): Subject {
    const { tokens, endsAt } = this.unit;
    let j = k - 1;
    while (j >= sentence.t0 && this.isAux(j) && this.gap(j, j + 1).trim() === '') j--;
    if (j < sentence.t0 || tokens[j]!.quote >= 0 || /[:—–]/.test(this.gap(j, j + 1))) {
      return this.inverted(k, sentence) ?? 'none';
    }
    const t = tokens[j]!;
    const gap = this.gap(j, j + 1);
    const m = endsAt[j];
    if (m && !gap.includes(',')) {
      const before = this.word(m.lead - 1);
      if (before && this.lex.relObject.has(before.low)) return 'skip';
      if (m.possessive) return 'stop';
      if (m.type === 'description' && !m.definite) return 'stop';
      return m;
    }
    if (gap.includes(',')) {
      // "Eric Reeves, one of the leading voices on Sudan, said": the subject before the appositive.
      for (let x = j - 1; x >= sentence.t0; x--) {
        if (tokens[x]!.quote >= 0) break;
        if (this.gap(x, x + 1).includes(',')) {
          const a = endsAt[x];
          if (a && a.type !== 'pronoun' && !a.possessive) return a;
          const w = this.word(x + 1);
          if (w && this.lex.relSubject.has(w.low)) continue;
          break;
        }
      }
      return this.inverted(k, sentence) ?? 'none';
    }
    if (this.lex.relSubject.has(t.low)) {
      // "…, who said": the antecedent before the comma.
      const a = endsAt[j - 1];
      return a && this.gap(j - 1, j).includes(',') ? a : 'none';
    }
    if (this.lex.inversionIntro.has(t.low) || (this.lex.definite.has(t.low) && t.low.endsWith('’'))) {
      return this.inverted(k, sentence) ?? 'none';
    }
    if (
      this.lex.conjunctions.has(t.low) ||
      this.lex.complementizers.has(t.low) ||
      this.lex.prepositions.has(t.low) ||
      GERUND_INTRO.has(t.low) ||
      this.lex.speechVerbs.has(t.low) ||
      tokens[k]!.low.endsWith('ing')
    ) {
      return 'none';
    }
    if (TRAILING_PUNCT.test(gap)) return this.inverted(k, sentence) ?? 'none';
    return 'stop';
  }

  /** `"…," X said` / `"…," said X` / `«…», — заявил X` right after the closing mark. */
  private after(qi: number, sentence: Sentence): Cue | null {
    const k = qi + 1;
    if (k >= sentence.t1 || !this.word(k)) return null;
    if (!/^[\s,]*(?:[—–-]+\s*)?$/.test(this.gap(qi, k))) return null;
    let j = k;
    while (j < sentence.t1 && this.isAux(j) && !this.isVerb(j)) j++;
    if (j < sentence.t1 && this.isVerb(j) && !this.lex.weakVerbs.has(this.unit.tokens[j]!.low)) {
      const verb = this.unit.tokens[j]!;
      const m = j + 1 < sentence.t1 ? this.mentionFrom(j + 1) : undefined;
      // "dit-il", "estime-t-elle": the inverted pronoun is joined by a hyphen.
      const joined = /^(?:\s*|-(?:t-)?)$/u.test(this.gap(j, j + 1));
      if (m && joined) return { rule: 'cue:after', mention: this.named(m, sentence), verb };
      // "said organiser Anna Klein", "said 34-year-old nurse Jane Doe": role words the lists do not know.
      const later = this.nameAfterWords(j + 1, sentence);
      if (later) return { rule: 'cue:after', mention: later, verb };
      // "dijo el líder de la oposición, Alberto Núñez Feijóo": a name in apposition further on.
      const apposed = this.apposedName(j + 1, sentence);
      if (apposed) return { rule: 'cue:after', mention: apposed, verb };
      // "— сказал источник", "said a source": a cue whose speaker the article does not name.
      const pron = this.unit.startsAt[k + 1];
      if (!(pron?.type === 'pronoun' && this.isVerb(k + 2)))
        return { rule: 'cue:after', mention: null, verb };
    }
    // French "a-t-il déclaré": auxiliary, pronoun, participle.
    const pron = this.unit.startsAt[k + 1];
    if (pron?.type === 'pronoun' && this.isAux(k) && this.isVerb(k + 2)) {
      return { rule: 'cue:after', mention: pron, verb: this.unit.tokens[k + 2]! };
    }
    const m = this.mentionFrom(k);
    if (m) {
      let v = m.t1;
      while (v < sentence.t1 && this.isAux(v) && !this.isVerb(v)) v++;
      if (v < sentence.t1 && this.isVerb(v) && !m.possessive) {
        if (m.type === 'description' && !m.definite) return { rule: 'cue:after', mention: null };
        return { rule: 'cue:after', mention: m, verb: this.unit.tokens[v]! };
      }
    }
    // `"…," officials said`, `"…," Smith's lawyer said`: a subject that names nobody, then the verb.
    const from = m?.possessive ? m.t1 : k;
    for (let v = from; v < Math.min(sentence.t1, from + 4); v++) {
      if (v > k && this.gap(v - 1, v).trim() !== '') break;
      const t = this.word(v);
      if (!t || t.cap || this.unit.startsAt[v]) break;
      if (this.isVerb(v) && v > k && !this.lex.weakVerbs.has(t.low))
        return { rule: 'cue:after', mention: null, verb: t };
      // "… but insisted": the quote's own sentence goes on; that is no subject.
      const lex = this.lex;
      if (lex.conjunctions.has(t.low) || lex.prepositions.has(t.low) || lex.complementizers.has(t.low)) break;
      if (lex.relSubject.has(t.low) || lex.aux.has(t.low) || lex.speechVerbs.has(t.low)) break;
    }
    return null;
  }

  /** A name after up to three lowercase words that are no function words ("organiser Anna Klein"). */
  private nameAfterWords(from: number, sentence: Sentence): Mention | undefined {
    const { lex } = this;
    for (let x = from; x < Math.min(sentence.t1, from + 4); x++) {
      const m = this.unit.startsAt[x];
      if (m && x > from) return m.type === 'name' && !m.possessive ? m : undefined;
      const t = this.word(x);
      if (!t || t.cap || this.gap(x - 1, x).trim() !== '') return undefined;
      if (lex.determiners.has(t.low) || lex.prepositions.has(t.low) || lex.conjunctions.has(t.low))
        return undefined;
      if (lex.complementizers.has(t.low) || lex.speechVerbs.has(t.low) || lex.pronouns.has(t.low))
        return undefined;
    }
    return undefined;
  }

  /** "the interior minister, Jean Dupont": the name in apposition to a description, when there is one. */
  private named(m: Mention, sentence: Sentence): Mention {
    if (m.type !== 'description') return m;
    return this.apposedName(m.t1, sentence) ?? m;
  }

  /** A name set off by a comma after a role phrase that starts at token `from` (no verb in between). */
  private apposedName(from: number, sentence: Sentence): Mention | undefined {
    const { tokens, startsAt } = this.unit;
    for (let x = from; x < Math.min(sentence.t1, from + 8); x++) {
      if (tokens[x]!.quote >= 0 || this.isVerb(x)) return undefined;
      if (x > from && this.gap(x - 1, x).includes(',')) {
        const name = startsAt[x];
        return name && name.type === 'name' && !name.possessive ? name : undefined;
      }
    }
    return undefined;
  }

  /** The nearest speech verb before the quote in its sentence, and its subject. */
  private before(qi: number, sentence: Sentence): Cue | null {
    const { tokens, endsAt } = this.unit;
    let pending = false;
    for (let k = qi - 1; k >= sentence.t0; k--) {
      const t = tokens[k]!;
      if (t.quote >= 0) continue;
      if (this.isVerb(k)) {
        const subject = this.subjectOf(k, sentence);
        const rule = this.adjacent(k, qi) ? 'cue:before' : 'cue:sentence';
        if (subject === 'skip') continue;
        // "the fish counter", "its notes": a weak form without a person before it is a noun.
        if (subject === 'stop' && this.lex.weakVerbs.has(t.low)) continue;
        if (subject === 'none' && this.lex.weakVerbs.has(t.low)) continue;
        if (subject === 'stop') return pending ? null : { rule, mention: null, verb: t };
        if (subject === 'none') {
          pending = true;
          continue;
        }
        return { rule, mention: subject, verb: t };
      }
      if (pending) {
        // Looking for the subject of a verb that had none next to it ("…, but underscored", "by saying").
        const m = endsAt[k];
        if (m?.subject && !m.possessive) return { rule: 'cue:sentence', mention: m };
        if (this.lex.relSubject.has(t.low)) {
          const a = endsAt[k - 1];
          if (a && k - 1 >= sentence.t0 && this.gap(k - 1, k).includes(','))
            return { rule: 'cue:sentence', mention: a };
        }
      }
    }
    if (qi - 1 < sentence.t0 || !/^\s*:\s*$/u.test(this.gap(qi - 1, qi))) return null;
    // `X: «…»` — a name and a colon introduce the quote.
    const last = endsAt[qi - 1];
    if (last && last.type === 'name' && last.lead === sentence.t0)
      return { rule: 'cue:colon', mention: last };
    // `Smith put it bluntly in her introduction: “…”` — the sentence's subject introduces the quote.
    let first: Mention | undefined;
    for (const m of this.unit.mentions) {
      if (m.lead >= sentence.t0 && m.t1 <= qi) {
        first = m;
        break;
      }
    }
    if (first?.subject && !first.possessive && this.opensClause(first.lead, sentence)) {
      if (first.type !== 'description' || first.definite) return { rule: 'cue:colon', mention: first };
    }
    return null;
  }

  /** Does token k start the sentence, or follow only an introductory phrase ("In 2019, …")? */
  private opensClause(k: number, sentence: Sentence): boolean {
    if (k === sentence.t0) return true;
    if (!this.gap(k - 1, k).includes(',')) return false;
    for (let x = sentence.t0; x < k; x++) if (this.unit.tokens[x]!.quote >= 0) return false;
    return true;
  }

  /** Only the verb's own words (its subject, "that", a colon) stand between the verb and the quote. */
  private adjacent(k: number, qi: number): boolean {
    const between = qi - k - 1;
    if (between === 0) return true;
    const next = this.word(k + 1);
    return between === 1 && !!next && this.lex.complementizers.has(next.low);
  }

  /** `according to X`, `по словам X`, `selon X`, `X zufolge`, anywhere in the sentence. */
  private according(sentence: Sentence): Cue | null {
    const { tokens, endsAt } = this.unit;
    for (let k = sentence.t0; k < sentence.t1; k++) {
      const t = tokens[k]!;
      if (t.quote >= 0) continue;
      for (const phrase of this.lex.according) {
        if (phrase[0] !== t.low) continue;
        const n = phrase.length;
        if (k + n > sentence.t1) continue;
        let ok = true;
        for (let x = 1; x < n; x++) if (tokens[k + x]!.low !== phrase[x]) ok = false;
        if (!ok) continue;
        const found = this.mentionFrom(k + n);
        const m = found ? this.named(found, sentence) : undefined;
        if (m)
          return { rule: 'cue:according-to', mention: m.type === 'description' && !m.definite ? null : m };
      }
      if (this.lex.accordingAfter.has(t.low) && endsAt[k - 1]) {
        return { rule: 'cue:according-to', mention: endsAt[k - 1]! };
      }
    }
    return null;
  }

  /** `"…" to hold up their plans, Indyk said.` — a later clause of the sentence is `X said`. */
  private clause(qi: number, sentence: Sentence): Cue | null {
    const { tokens } = this.unit;
    for (let k = qi + 2; k < sentence.t1; k++) {
      if (tokens[k]!.quote >= 0 || tokens[k - 1]!.quote >= 0) return null;
      if (!this.gap(k - 1, k).includes(',')) continue;
      const cue = this.shortClause(k, sentence.t1);
      if (cue) return { ...cue, rule: 'cue:clause' };
    }
    return null;
  }

  /** `X said` or `said X` starting at token k, followed only by a short adverbial. */
  private shortClause(k: number, end: number): Cue | null {
    const m = this.mentionFrom(k);
    let v: number;
    let subject: Mention | undefined;
    if (m && !m.possessive) {
      v = m.t1;
      while (v < end && this.isAux(v) && !this.isVerb(v)) v++;
      if (!(v < end && this.isVerb(v))) return null;
      subject = m;
    } else {
      v = k;
      while (v < end && this.isAux(v) && !this.isVerb(v)) v++;
      if (!(v < end && this.isVerb(v))) return null;
      subject = v + 1 < end ? this.mentionFrom(v + 1) : undefined;
      if (!subject) return null;
    }
    const tail = Math.max(v, subject.t1 - 1) + 1;
    // What follows the cue may only be a short phrase ("during a briefing"), never a new clause.
    for (let x = tail; x < end; x++) {
      const t = this.unit.tokens[x]!;
      if (t.quote >= 0 || this.lex.complementizers.has(t.low) || x - tail > 6) return null;
    }
    if (tail < end && !this.lex.prepositions.has(this.unit.tokens[tail]!.low) && !this.isAux(tail))
      return null;
    if (subject.type === 'description' && !subject.definite) return { rule: 'cue', mention: null };
    return { rule: 'cue', mention: subject, verb: this.unit.tokens[v]! };
  }

  /** `“We will win.” Smith said.` — a sentence that is only the cue. */
  private nextSentence(qi: number, sentenceIndex: number): Cue | null {
    const { sentences } = this.unit;
    const s = sentences[sentenceIndex]!;
    if (qi !== s.t1 - 1) return null;
    const next = sentences[sentenceIndex + 1];
    if (!next) return null;
    const cue = this.shortClause(next.t0, next.t1);
    return cue ? { ...cue, rule: 'cue:next-sentence' } : null;
  }

  /** The cue for the top-level quotation at token qi, most precise rule first. */
  find(qi: number): Cue | null {
    const si = this.unit.sentenceOf[qi]!;
    const sentence = this.unit.sentences[si]!;
    const after = this.after(qi, sentence);
    if (after) return after;
    const before = this.before(qi, sentence);
    // A pronoun before yields to a name in a later clause ("He would speak “bluntly”, the mayor said").
    if (before?.mention?.type === 'pronoun') {
      const clause = this.clause(qi, sentence);
      if (clause?.mention && clause.mention.type !== 'pronoun') return clause;
    }
    // A verb whose subject names nobody ("the two sides agreed") yields to an explicit "according to X".
    if (before?.mention) return before;
    return this.according(sentence) ?? before ?? this.clause(qi, sentence) ?? this.nextSentence(qi, si);
  }

  /** Does a phrase from `list` end right before token qi ("as if to say", "so-called")? */
  phraseBefore(qi: number, list: readonly string[][]): boolean {
    const { tokens } = this.unit;
    for (const phrase of list) {
      const n = phrase.length;
      if (qi - n < 0) continue;
      let ok = true;
      for (let x = 0; x < n; x++) {
        const t = tokens[qi - n + x]!;
        if (t.quote >= 0 || t.low !== phrase[x]) {
          ok = false;
          break;
        }
      }
      if (
        ok &&
        this.gap(qi - 1, qi)
          .trim()
          .replace(/[,:]/g, '') === ''
      )
        return true;
    }
    return false;
  }

  /** The mention right before the quote that the quoted words are a predicate of ("Blinken also “made clear”"). */
  topic(qi: number): Mention | undefined {
    const { endsAt } = this.unit;
    let k = qi - 1;
    while (k >= 0 && this.isAux(k)) k--;
    const m = k >= 0 ? endsAt[k] : undefined;
    if (!m || m.possessive) return undefined;
    const sentence = this.unit.sentences[this.unit.sentenceOf[qi]!]!;
    if (k < sentence.t0) return undefined;
    for (let x = k; x < qi; x++) if (this.gap(x, x + 1).trim() !== '') return undefined;
    return m;
  }
}
