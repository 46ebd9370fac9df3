/**
 * The SSML writer: the whole article as one W3C SSML 1.1 document (`article.ssml`), and for each engine
 * its requests (`ssml/{engine}/part-001.ssml…`) with a manifest (`ssml/{engine}/manifest.json`).
 *
 *   Article → script (tree.ts, neutral form) → atoms → per engine: requests (chunk.ts)
 *           → XML events in the dialect (emit.ts, dialects/) → xmlbuilder2 (serialize.ts)
 */
import type { Ctx } from '../../context.js';
import { RenderError } from '../../errors.js';
import type { Article } from '../../model/schema.js';
import type { Report } from '../../report.js';
import type { WriterFile, WriterOutput } from '../types.js';
import { documentAtoms, planRequests, withinLimits } from './chunk.js';
import { dialects } from './dialects/index.js';
import type { Limits } from './dialects/types.js';
import { type Atom, Emitter, type Layout } from './emit.js';
import { parseLexicon } from './lexicon.js';
import type { Size } from './measure.js';
import { ENGINES, type Engine, type SsmlOptions } from './options.js';
import { buildScript } from './script.js';
import { XmlCache, XmlSink } from './serialize.js';
import type { SsmlDocument } from './tree.js';
import { engineLang, engineVoices } from './voices.js';

export type { Engine } from './options.js';
export { ENGINES, SsmlOptions } from './options.js';

export const SSML_MEDIA_TYPE = 'application/ssml+xml';

export interface SsmlRequest {
  /** File name inside `ssml/{engine}/`. */
  file: string;
  xml: string;
  /** The voice the request is sent with (undefined: the engine's default for the language). */
  voice: string | undefined;
  lang: string;
  size: Size;
  blockIds: string[];
  marks: string[];
}

export interface EngineScript {
  engine: Engine;
  lang: string;
  narrator: string | undefined;
  /** The voice each speaker is given (speaker id → voice). */
  speakerVoices: Record<string, string | undefined>;
  limits: Limits;
  requests: SsmlRequest[];
}

export interface SsmlRendering {
  script: SsmlDocument;
  /** The whole article in the w3c dialect. */
  article: string;
  engines: EngineScript[];
}

/** Writes a request and measures what was written. */
function writeAtoms(layout: Layout, atoms: readonly Atom[], xml: XmlSink): { xml: string; size: Size } {
  const emitter = Emitter.start(layout, xml);
  for (const atom of atoms) emitter.append(atom);
  emitter.finish();
  const text = xml.toString();
  return {
    xml: text,
    size: { chars: text.length, bytes: Buffer.byteLength(text), billed: xml.textLength, voices: xml.voices },
  };
}

/** Writes a planned request: it must be within the engine's limits. */
function renderAtoms(
  layout: Layout,
  atoms: readonly Atom[],
  xml = new XmlSink(layout.dialect.declaration),
): { xml: string; size: Size } {
  const rendered = writeAtoms(layout, atoms, xml);
  const { size } = rendered;
  if (!withinLimits(size, layout.dialect.limits)) {
    throw new RenderError(
      'render/ssml-limit',
      `An SSML request for ${layout.dialect.engine} exceeds the engine's limits (${size.chars} characters, ${size.bytes} bytes).`,
    );
  }
  return rendered;
}

/**
 * Every text of the script's leaves, as the dialects write them (a text that starts a sentence cut
 * between requests or voices loses its leading space).
 */
function* scriptTexts(doc: SsmlDocument): Generator<string> {
  for (const p of doc.paragraphs)
    for (const s of p.sentences)
      for (const r of s.runs)
        for (const { leaf } of r.content) {
          yield leaf.text;
          if (leaf.kind === 'say-as') yield leaf.written;
          else if (leaf.kind === 'text' && /^\s/.test(leaf.text)) yield leaf.text.trimStart();
        }
}

function requestIds(doc: SsmlDocument, atoms: readonly Atom[]): { blockIds: string[]; marks: string[] } {
  const blockIds: string[] = [];
  const marks: string[] = [];
  let lastP = -1;
  for (const atom of atoms) {
    const para = doc.paragraphs[atom.p]!;
    if (atom.p !== lastP) {
      for (const id of para.blockIds) if (!blockIds.includes(id)) blockIds.push(id);
      lastP = atom.p;
    }
    if (atom.first) marks.push(...para.marks);
    if (atom.last) marks.push(...para.endMarks);
  }
  return { blockIds, marks };
}

function engineScript(
  engine: Engine,
  article: Article,
  options: SsmlOptions,
  doc: SsmlDocument,
  atoms: readonly Atom[],
  report: Report,
  cache: XmlCache,
  whole?: { xml: string; size: Size },
): EngineScript {
  const dialect = dialects[engine];
  const voices = engineVoices(engine, article, options.voices?.[engine]);
  const lang = engineLang(engine, article.lang);
  if (voices.missing) {
    report.warn(
      'ssml:no-voice',
      `No default ${engine} voice for language "${article.lang}"; the requests name no voice (set voices.${engine}.narrator).`,
    );
  }
  const layout: Layout = { doc, dialect, voices, lang };
  const sink = new XmlSink(dialect.declaration, cache);
  // Where voices can change inside a request, the whole article is written first (its pieces are
  // mostly written already, for the other dialects): one request when it fits, else it is packed.
  let wholeFits: boolean | undefined;
  if (!whole && dialect.layout !== 'none' && atoms.length) {
    const written = writeAtoms(layout, atoms, sink);
    wholeFits = withinLimits(written.size, dialect.limits);
    if (wholeFits) whole = written;
  }
  const planned = whole && atoms.length ? [[...atoms]] : planRequests(layout, atoms, wholeFits);
  const requests = planned.map((group, i): SsmlRequest => {
    const rendered = whole && planned.length === 1 ? whole : renderAtoms(layout, group, sink);
    const voice =
      dialect.layout === 'none' ? (voices.voiceFor(group[0]!.voice) ?? voices.narrator) : voices.narrator;
    return {
      file: `part-${String(i + 1).padStart(3, '0')}.ssml`,
      xml: rendered.xml,
      voice,
      lang,
      size: rendered.size,
      ...requestIds(doc, group),
    };
  });
  const speakerVoices: Record<string, string | undefined> = {};
  for (const atom of atoms) {
    if (atom.voice.speakerId && !(atom.voice.speakerId in speakerVoices)) {
      speakerVoices[atom.voice.speakerId] = voices.voiceFor(atom.voice);
    }
  }
  return { engine, lang, narrator: voices.narrator, speakerVoices, limits: dialect.limits, requests };
}

/** Renders the article for the requested engines (no files): used by the writer, tests and benchmarks. */
export async function renderSsml(
  article: Article,
  options: SsmlOptions,
  report: Report,
): Promise<SsmlRendering> {
  const lexicon = options.lexicon ? await parseLexicon(options.lexicon) : undefined;
  const script = buildScript(article, {
    ...(options.voicePartialQuotes !== undefined ? { voicePartialQuotes: options.voicePartialQuotes } : {}),
    ...(options.describeImages !== undefined ? { describeImages: options.describeImages } : {}),
    ...(options.sayAs !== undefined ? { sayAs: options.sayAs } : {}),
    ...(options.abbreviations !== undefined ? { abbreviations: options.abbreviations } : {}),
    ...(options.pauses ? { pauses: options.pauses } : {}),
    ...(lexicon ? { lexicon } : {}),
  });
  const atoms = documentAtoms(script);
  // Serialised pieces shared by the engines of this article (never across articles); its texts are
  // escaped up front in one go.
  const cache = new XmlCache();
  cache.prepare(scriptTexts(script));
  const w3cLayout: Layout = {
    doc: script,
    dialect: dialects.w3c,
    voices: engineVoices('w3c', article, options.voices?.w3c),
    lang: article.lang,
  };
  const whole = renderAtoms(w3cLayout, atoms, new XmlSink(true, cache));
  const engines = [...new Set(options.engines ?? ENGINES)];
  return {
    script,
    article: whole.xml,
    engines: engines.map((engine) =>
      engineScript(
        engine,
        article,
        options,
        script,
        atoms,
        report,
        cache,
        engine === 'w3c' ? whole : undefined,
      ),
    ),
  };
}

function manifest(article: Article, e: EngineScript): string {
  return `${JSON.stringify(
    {
      engine: e.engine,
      article: article.id,
      lang: e.lang,
      narrator: e.narrator ?? null,
      speakers: Object.fromEntries(Object.entries(e.speakerVoices).map(([id, v]) => [id, v ?? null])),
      limits: e.limits,
      requests: e.requests.map((r) => ({
        file: r.file,
        voice: r.voice ?? null,
        lang: r.lang,
        characters: r.size.chars,
        billedCharacters: r.size.billed,
        bytes: r.size.bytes,
        voiceElements: r.size.voices,
        blockIds: r.blockIds,
        marks: r.marks,
      })),
    },
    null,
    2,
  )}\n`;
}

/** The file name the issue gives the whole article in the w3c dialect. */
export const ARTICLE_FILE = 'article.ssml';

/**
 * The writer: the whole article in the w3c dialect (the main file, which exports name `{slug}.ssml`, and
 * the same bytes as `article.ssml`), plus, per engine, its request files and manifest.
 */
export async function writeSsml(article: Article, options: SsmlOptions, ctx: Ctx): Promise<WriterOutput> {
  const rendering = await renderSsml(article, options, ctx.report);
  const encoder = new TextEncoder();
  const bytes = encoder.encode(rendering.article);
  const extraFiles: WriterFile[] = [{ path: ARTICLE_FILE, bytes, mediaType: SSML_MEDIA_TYPE }];
  for (const e of rendering.engines) {
    for (const r of e.requests) {
      extraFiles.push({
        path: `ssml/${e.engine}/${r.file}`,
        bytes: encoder.encode(r.xml),
        mediaType: SSML_MEDIA_TYPE,
      });
    }
    extraFiles.push({
      path: `ssml/${e.engine}/manifest.json`,
      bytes: encoder.encode(manifest(article, e)),
      mediaType: 'application/json',
    });
  }
  return {
    bytes,
    mediaType: SSML_MEDIA_TYPE,
    extension: 'ssml',
    extraFiles,
  };
}
