/**
 * W3C Pronunciation Lexicon Specification (PLS 1.0) files: parsed with a real XML parser into entries
 * that the script applies inline — as `<sub alias>`, or `<phoneme>` where the engine takes the
 * alphabet — because most engines cannot load a lexicon sent with the request.
 */
import { InputError } from '../../errors.js';
import { XML_NS, XmlSyntaxError } from './xml.js';
import { attribute, parseXmlTree, type XmlElement } from './xml-tree.js';

export const PLS_NS = 'http://www.w3.org/2005/01/pronunciation-lexicon';

export interface LexiconEntry {
  graphemes: string[];
  alias?: string;
  phoneme?: { ph: string; alphabet: string };
}

export interface Lexicon {
  lang?: string;
  entries: LexiconEntry[];
}

const MAX_ENTRIES = 10_000;
const MAX_GRAPHEME = 200;
const MAX_VALUE = 1000;

function children(parent: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const el of parent.children) {
    if (el.localName === name && (el.namespaceURI === PLS_NS || el.namespaceURI === null)) out.push(el);
  }
  return out;
}

/** The element marked prefer="true", else the first. */
function preferred(elements: XmlElement[]): XmlElement | undefined {
  return elements.find((e) => attribute(e, 'prefer') === 'true') ?? elements[0];
}

function text(el: XmlElement): string {
  return el.textContent.replace(/\s+/g, ' ').trim();
}

function bad(message: string): InputError {
  return new InputError('input/ssml-lexicon', `The SSML lexicon is not a valid PLS file: ${message}`);
}

/** Parses a PLS document; an InputError names what is wrong. */
export async function parseLexicon(xml: string): Promise<Lexicon> {
  let root: XmlElement;
  try {
    root = parseXmlTree(xml);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw bad(`not well-formed XML (${error.message}).`);
    throw error;
  }
  if (root.localName !== 'lexicon' || (root.namespaceURI !== PLS_NS && root.namespaceURI !== null)) {
    throw bad(`the root element is <${root.localName}>, expected <lexicon xmlns="${PLS_NS}">.`);
  }
  const defaultAlphabet = attribute(root, 'alphabet')?.trim() || 'ipa';
  const lang = attribute(root, 'lang', XML_NS)?.trim() || undefined;
  const lexemes = children(root, 'lexeme');
  if (lexemes.length > MAX_ENTRIES) throw bad(`more than ${MAX_ENTRIES} lexemes.`);
  const entries: LexiconEntry[] = [];
  lexemes.forEach((lexeme, i) => {
    const where = `lexeme ${i + 1}`;
    const graphemes = children(lexeme, 'grapheme')
      .map(text)
      .filter((g) => g.length > 0);
    if (!graphemes.length) throw bad(`${where} has no <grapheme>.`);
    const long = graphemes.find((g) => g.length > MAX_GRAPHEME);
    if (long)
      throw bad(`${where}: grapheme "${long.slice(0, 40)}…" is longer than ${MAX_GRAPHEME} characters.`);
    const aliasEl = preferred(children(lexeme, 'alias'));
    const phonemeEl = preferred(children(lexeme, 'phoneme'));
    const alias = aliasEl ? text(aliasEl) : '';
    const ph = phonemeEl ? text(phonemeEl) : '';
    if (!alias && !ph) throw bad(`${where} ("${graphemes[0]}") has neither <alias> nor <phoneme>.`);
    if (alias.length > MAX_VALUE || ph.length > MAX_VALUE) {
      throw bad(`${where}: alias or phoneme longer than ${MAX_VALUE} characters.`);
    }
    const alphabet = (
      (phonemeEl && attribute(phonemeEl, 'alphabet')?.trim()) ||
      defaultAlphabet
    ).toLowerCase();
    entries.push({
      graphemes,
      ...(alias ? { alias } : {}),
      ...(ph ? { phoneme: { ph, alphabet } } : {}),
    });
  });
  return { ...(lang ? { lang } : {}), entries };
}
