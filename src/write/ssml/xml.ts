/**
 * A strict, namespace-aware XML parser giving a DOM (jsdom's DOMParser, built on saxes) for the dialect
 * checker, which the tests run over every SSML output. xmlbuilder2's own parser is lenient (it accepts
 * `<a><b></a>` and undefined entities), so it cannot tell a well-formed document from a broken one. jsdom
 * is loaded on first use. Documents from callers (lexicons) are read by xml-tree.ts instead: this
 * parser's shared window keeps every element with an `id`.
 */

export class XmlSyntaxError extends Error {}

const PARSER_ERROR_NS = 'http://www.mozilla.org/newlayout/xml/parsererror.xml';

type ParserCtor = new () => DOMParser;
let parserCtor: Promise<ParserCtor> | undefined;

async function loadParser(): Promise<ParserCtor> {
  const { JSDOM } = await import('jsdom');
  return new JSDOM('').window.DOMParser as unknown as ParserCtor;
}

/** Parses `xml`; throws XmlSyntaxError with the parser's line:column message when it is not well-formed. */
export async function parseXml(xml: string): Promise<Document> {
  parserCtor ??= loadParser();
  const Parser = await parserCtor;
  const doc = new Parser().parseFromString(xml, 'application/xml');
  const root = doc.documentElement;
  if (!root || root.namespaceURI === PARSER_ERROR_NS) {
    throw new XmlSyntaxError((root?.textContent ?? 'not well-formed').trim().split('\n')[0]!);
  }
  return doc;
}

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
