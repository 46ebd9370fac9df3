/**
 * The read-aloud EPUB (`epub-audio`): the EPUB writer's book with the article spoken by eSpeak NG inside it
 * and EPUB 3 Media Overlays — every sentence of the chapter in a span whose id is the sentence id of the
 * audio timeline and transcript (`b12-s3`), a SMIL document pairing each span with its stretch of the MP3,
 * `media:duration` per overlay and in total, and `media:active-class` with a style that highlights the
 * sentence being read. The text is segmented by the same script the audio is spoken from (the SSML writer's),
 * so text and audio line up.
 */
import type { Ctx } from '../../context.js';
import type { Article } from '../../model/schema.js';
import type { Report } from '../../report.js';
import { encodeMp3Parallel, MP3_MEDIA_TYPE } from '../audio/mp3.js';
import { type AudioRendering, renderAudio } from '../audio/render.js';
import { timelineSilences } from '../audio/timeline.js';
import { type LaidOutBook, writeEpub } from '../epub/index.js';
import type { EpubOptions } from '../epub/options.js';
import type { WriterOutput } from '../types.js';
import { sentenceRanges } from './align.js';
import { indexText, readChapter, writeMarkup } from './markup.js';
import type { EpubAudioOptions } from './options.js';
import { clock, overlayPars, SMIL_MEDIA_TYPE, smilDocument } from './smil.js';
import { wrapSentences } from './wrap.js';

export { EpubAudioOptions } from './options.js';

/** The class a reading system puts on the element being read (`media:active-class`). */
export const ACTIVE_CLASS = '-epub-media-overlay-active';

/** System colours follow the reader's theme (light, dark, high contrast), so no colour is fixed here. */
const HIGHLIGHT_CSS = `/* Read aloud: the sentence being read */

.${ACTIVE_CLASS} {
  background-color: Highlight;
  color: HighlightText;
}
`;

export interface MarkedChapter {
  /** The chapter markup with a span around every sentence that was found. */
  xhtml: string;
  /** Ids of the sentence spans written. */
  placed: Set<string>;
  /** Every id in the chapter (spans included). */
  ids: Set<string>;
}

/** Puts the timeline's sentences into the chapter markup as spans (the markup is unchanged if it cannot be read). */
export function markSentences(xhtml: string, rendering: AudioRendering, report: Report): MarkedChapter {
  const tree = readChapter(xhtml);
  if (!tree) {
    report.warn(
      'epub-audio:markup',
      'The chapter markup could not be read; the overlay points at whole blocks.',
    );
    const ids = new Set([...xhtml.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
    return { xhtml, placed: new Set(), ids };
  }
  const index = indexText(tree);
  const existing = new Set(index.ids.keys());
  const ranges = sentenceRanges(
    index,
    rendering.timeline.paragraphs.map((p) => ({
      ...(p.blockId ? { blockId: p.blockId } : {}),
      // A sentence id that is already an element id of the chapter is not given to a span.
      sentences: p.sentences.filter((s) => !existing.has(s.id)).map((s) => ({ id: s.id, text: s.text })),
    })),
  );
  const { nodes, placed } = wrapSentences(
    tree,
    [...ranges].map(([id, span]) => ({ id, ...span })),
  );
  const missing = rendering.timeline.sentences.length - placed.size;
  if (missing > 0) {
    report.info(
      'epub-audio:unplaced',
      `${missing} of ${rendering.timeline.sentences.length} spoken sentences are not in the chapter text as such (added words such as "Image:" or a byline); they are highlighted with the sentence or block beside them.`,
    );
  }
  return { xhtml: writeMarkup(nodes), placed, ids: new Set([...existing, ...placed]) };
}

function overlayBook(
  book: LaidOutBook,
  rendering: AudioRendering,
  mp3: Uint8Array,
  report: Report,
): LaidOutBook {
  const index = book.documents.findIndex((d) => d.kind === 'chapter');
  const chapter = book.documents[index];
  if (!chapter) return book;
  const marked = markSentences(chapter.content, rendering, report);
  const pars = overlayPars(rendering.timeline, marked.placed, marked.ids);
  if (!pars.length) {
    report.warn(
      'epub-audio:no-overlay',
      'Nothing of the chapter could be paired with the audio; no media overlay.',
    );
    return book;
  }
  const name = chapter.filename.replace(/\.xhtml$/, '');
  const smilId = `overlay-${name}`;
  const smilPath = `${name}.smil`;
  const audioPath = `audio/${name}.mp3`;
  const smil = smilDocument(pars, chapter.filename, audioPath);
  const duration = clock(pars[pars.length - 1]!.end - pars[0]!.begin);
  const { a11y } = book.book;
  return {
    ...book,
    documents: book.documents.map((d, i) => (i === index ? { ...d, content: marked.xhtml } : d)),
    files: [
      ...book.files,
      { path: audioPath, bytes: mp3 },
      { path: smilPath, bytes: new TextEncoder().encode(smil) },
    ],
    book: {
      ...book.book,
      documents: book.book.documents.map((d) =>
        d.filename === chapter.filename ? { ...d, mediaOverlay: smilId } : d,
      ),
      extraItems: [
        ...book.book.extraItems,
        { id: `audio-${name}`, href: audioPath, mediaType: MP3_MEDIA_TYPE },
        { id: smilId, href: smilPath, mediaType: SMIL_MEDIA_TYPE },
      ],
      extraMeta: [
        ...book.book.extraMeta,
        { property: 'media:duration', refines: `#${smilId}`, value: duration },
        { property: 'media:duration', value: duration },
        { property: 'media:narrator', value: `${rendering.engine} (synthetic speech)` },
        { property: 'media:active-class', value: ACTIVE_CLASS },
      ],
      a11y: {
        ...a11y,
        accessModes: [...new Set([...a11y.accessModes, 'auditory'])],
        features: [...new Set([...a11y.features, 'synchronizedAudioText'])],
        summary: `${a11y.summary} The text is read aloud by synthetic speech (${rendering.engine}), highlighted sentence by sentence as it is read.`,
      },
    },
    css: `${book.css ?? ''}${HIGHLIGHT_CSS}`,
  };
}

/** The read-aloud EPUB of one article. */
export async function writeEpubAudio(
  article: Article,
  options: EpubAudioOptions,
  ctx: Ctx,
): Promise<WriterOutput> {
  const { cover, images, bitrate, ...speech } = options;
  const rendering = await renderAudio(article, speech, ctx.report, undefined, ctx.signal);
  const mp3 = await encodeMp3Parallel(rendering.pcm, bitrate, timelineSilences(rendering.timeline));
  const epub: EpubOptions = { ...(cover ? { cover } : {}), ...(images ? { images } : {}) };
  const out = await writeEpub(article, epub, ctx, (book) => overlayBook(book, rendering, mp3, ctx.report));
  // `{slug}.audio.epub`, so that it sits beside the plain `{slug}.epub` of the same export.
  return { ...out, extension: 'audio.epub' };
}
