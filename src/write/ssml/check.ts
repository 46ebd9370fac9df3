/**
 * A checker per dialect: parses a request with a strict XML parser and reports everything the engine
 * would refuse — root element and attributes, elements and attributes it does not know, structure
 * (Azure's voice-only `<speak>`, nesting), say-as kinds, phoneme alphabets, pause lengths and the
 * request limits. Used by the tests over every output.
 */
import { dialects } from './dialects/index.js';
import type { Engine } from './options.js';
import { parseXml, XML_NS, XmlSyntaxError } from './xml.js';

export interface ParsedSsml {
  document: Document;
  /** The text content: what the engine speaks (sub aliases and phonemes aside). */
  text: string;
}

export async function parseSsml(xml: string): Promise<ParsedSsml> {
  const document = await parseXml(xml);
  return { document, text: document.documentElement.textContent ?? '' };
}

function attrName(a: Attr): string {
  if (a.namespaceURI === XML_NS) return `xml:${a.localName}`;
  return a.name;
}

const ROOT_VALUES: Partial<Record<Engine, Record<string, RegExp>>> = {
  w3c: { version: /^1\.1$/, 'xml:lang': /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/ },
  azure: { version: /^1\.0$/, 'xml:lang': /^[a-z]{2,3}-[A-Z]{2}$/ },
  espeak: { 'xml:lang': /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/ },
};

const TEXT_ONLY = new Set(['say-as', 'sub', 'phoneme']);
const EMPTY = new Set(['mark', 'bookmark', 'break']);

/** Every problem an engine would have with this request (an empty list when there is none). */
export async function checkSsml(engine: Engine, xml: string): Promise<string[]> {
  const dialect = dialects[engine];
  const problems: string[] = [];
  let doc: Document;
  try {
    doc = await parseXml(xml);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return [`not well-formed: ${error.message}`];
    throw error;
  }
  const root = doc.documentElement;
  const rootAttrs = dialect.root('en');
  const ns = rootAttrs.find(([k]) => k === 'xmlns')?.[1] ?? null;
  if (root.localName !== 'speak') problems.push(`root is <${root.localName}>, not <speak>`);
  if (root.namespaceURI !== ns)
    problems.push(`root namespace is ${root.namespaceURI ?? 'none'}, expected ${ns ?? 'none'}`);
  if (dialect.declaration !== xml.startsWith('<?xml')) {
    problems.push(dialect.declaration ? 'missing XML declaration' : 'unexpected XML declaration');
  }
  const wanted = rootAttrs.map(([k]) => k).filter((k) => k !== 'xmlns');
  const present = Array.from(root.attributes)
    .map(attrName)
    .filter((k) => k !== 'xmlns');
  for (const k of wanted) if (!present.includes(k)) problems.push(`<speak> lacks ${k}`);
  for (const [k, re] of Object.entries(ROOT_VALUES[engine] ?? {})) {
    const value = k === 'xml:lang' ? root.getAttributeNS(XML_NS, 'lang') : root.getAttribute(k);
    if (value !== null && !re.test(value)) problems.push(`<speak ${k}="${value}"> is not accepted`);
  }

  const maxBreak = dialect.maxBreakMs;
  const walk = (el: Element, ancestors: string[]) => {
    const name = el.localName;
    const allowed = dialect.elements[name];
    if (!allowed) problems.push(`<${name}> is not accepted by ${engine}`);
    if (el.namespaceURI !== ns) problems.push(`<${name}> is in namespace ${el.namespaceURI ?? 'none'}`);
    for (const a of Array.from(el.attributes)) {
      const n = attrName(a);
      if (n === 'xmlns' && el === root) continue;
      if (allowed && !allowed.includes(n)) problems.push(`<${name} ${n}> is not accepted by ${engine}`);
    }
    if (name === 'p' && ancestors.some((a) => a === 'p' || a === 's')) problems.push('<p> inside <p> or <s>');
    if (name === 's' && ancestors.includes('s')) problems.push('<s> inside <s>');
    if (name === 'voice' && dialect.layout === 'top' && ancestors.includes('voice')) {
      problems.push('<voice> inside <voice>');
    }
    if (name === 'voice' && dialect.layout === 'none') problems.push(`${engine} has no <voice>`);
    if (TEXT_ONLY.has(name) && el.children.length) problems.push(`<${name}> holds elements`);
    if (EMPTY.has(name) && el.childNodes.length) problems.push(`<${name}> is not empty`);
    if (name === 'say-as') {
      const kind = el.getAttribute('interpret-as') ?? '';
      if (!dialect.interpretAs.includes(kind)) problems.push(`say-as interpret-as="${kind}" is not accepted`);
    }
    if (name === 'phoneme') {
      const alphabet = el.getAttribute('alphabet') ?? '';
      if (!dialect.phonemeAlphabets.includes(alphabet))
        problems.push(`phoneme alphabet "${alphabet}" is not accepted`);
    }
    if (name === 'mark' && !el.getAttribute('name')) problems.push('<mark> without a name');
    if (name === 'bookmark' && !el.getAttribute('mark')) problems.push('<bookmark> without a mark');
    if (name === 'break') {
      const time = el.getAttribute('time') ?? '';
      const m = /^(\d+)(ms|s)$/.exec(time);
      if (!m) problems.push(`<break time="${time}"> is not a duration`);
      else if (maxBreak !== undefined && Number(m[1]) * (m[2] === 's' ? 1000 : 1) > maxBreak) {
        problems.push(`<break time="${time}"> is longer than ${maxBreak} ms`);
      }
    }
    for (const child of Array.from(el.children)) walk(child, [...ancestors, name]);
  };
  walk(root, []);

  if (dialect.layout === 'top') {
    for (const node of Array.from(root.childNodes)) {
      if (node.nodeType === 1 && (node as Element).localName !== 'voice') {
        problems.push(`<speak> holds <${(node as Element).localName}>; ${engine} takes only <voice> there`);
      }
      if (node.nodeType === 3 && (node.textContent ?? '').trim())
        problems.push('text directly inside <speak>');
    }
  }

  const { limits } = dialect;
  const bytes = Buffer.byteLength(xml);
  const billed = (root.textContent ?? '').length;
  const voices = root.getElementsByTagNameNS(ns, 'voice').length;
  if (limits.maxChars !== undefined && xml.length > limits.maxChars) {
    problems.push(`${xml.length} characters, more than ${limits.maxChars}`);
  }
  if (limits.maxBytes !== undefined && bytes > limits.maxBytes)
    problems.push(`${bytes} bytes, more than ${limits.maxBytes}`);
  if (limits.maxBilledChars !== undefined && billed > limits.maxBilledChars) {
    problems.push(`${billed} billed characters, more than ${limits.maxBilledChars}`);
  }
  if (limits.maxVoices !== undefined && voices > limits.maxVoices) {
    problems.push(`${voices} voice elements, more than ${limits.maxVoices}`);
  }
  return problems;
}
