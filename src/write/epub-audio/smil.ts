/**
 * EPUB 3 Media Overlays: the `<par>` list of a chapter (a sentence span, or a whole block when its sentences
 * could not be found in the text, with its stretch of the audio) and the SMIL document. Clips follow one
 * another without gaps — each runs until the next one starts — so the pauses between sentences and
 * paragraphs are heard as the audio has them, and the overlay's duration is the audio's.
 */
import type { Timeline } from '../audio/timeline.js';

export const SMIL_MEDIA_TYPE = 'application/smil+xml';

export interface Par {
  /** The fragment id in the chapter. */
  target: string;
  /** Milliseconds into the audio. */
  begin: number;
  end: number;
}

/**
 * The pars of a chapter: one per placed sentence; a sentence that is not placed extends the par before it
 * in its paragraph (or opens the next one); a paragraph with none placed points at its block's element when
 * the chapter has one, else joins the par before it.
 */
export function overlayPars(
  timeline: Timeline,
  placed: ReadonlySet<string>,
  ids: ReadonlySet<string>,
): Par[] {
  const ms = (samples: number) => Math.round((samples * 1000) / timeline.sampleRate);
  const starts: { target: string; start: number }[] = [];
  for (const para of timeline.paragraphs) {
    const mine = para.sentences.filter((s) => placed.has(s.id));
    if (mine.length) {
      // Leading sentences that were not found belong to the first one that was.
      starts.push({ target: mine[0]!.id, start: para.start });
      for (const s of mine.slice(1)) starts.push({ target: s.id, start: s.start });
    } else if (para.blockId && ids.has(para.blockId)) {
      starts.push({ target: para.blockId, start: para.start });
    }
  }
  const total = ms(timeline.length);
  return starts
    .map((s, i) => ({
      target: s.target,
      begin: i === 0 ? 0 : ms(s.start),
      end: i + 1 < starts.length ? ms(starts[i + 1]!.start) : total,
    }))
    .filter((p) => p.end > p.begin);
}

/** A SMIL clock value `h:mm:ss.fff`. */
export function clock(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

function escapeAttr(value: string): string {
  return value.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The SMIL document of one chapter (`textHref` and `audioHref` relative to the SMIL file). */
export function smilDocument(pars: readonly Par[], textHref: string, audioHref: string): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<smil xmlns="http://www.w3.org/ns/SMIL" version="3.0">',
    '<body>',
  ];
  pars.forEach((par, i) => {
    lines.push(
      `<par id="par-${i + 1}"><text src="${escapeAttr(`${textHref}#${par.target}`)}"/><audio src="${escapeAttr(audioHref)}" clipBegin="${clock(par.begin)}" clipEnd="${clock(par.end)}"/></par>`,
    );
  });
  lines.push('</body>', '</smil>', '');
  return lines.join('\n');
}
