/**
 * The read-aloud EPUB of the original article: EPUBCheck (0 errors, 0 warnings) and Ace by DAISY
 * (0 violations), and the media overlay checked against the book itself — every `<par>` points at an
 * element of the chapter, in reading order, with clips that run back to back over the whole MP3; durations in
 * the package match; every spoken sentence found in the text has its span (Lavrov's quotations included); and
 * the chapter's text is the plain EPUB's, unchanged.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEpub } from '../../src/write/epub/index.js';
import { EpubAudioOptions, writeEpubAudio } from '../../src/write/epub-audio/index.js';
import { ace, epubcheck, type Finding, listFindings } from '../helpers/epub-validators.js';
import { readMp3, type SpokenArticle, spokenMeduza } from './audio-support.js';
import { readZip, type ZipEntry, zipText } from './epub-support.js';

const dir = mkdtempSync(join(tmpdir(), 'readout-epub-audio-'));
let spoken: SpokenArticle;
let entries: ZipEntry[];
let validators: { epubcheck: Promise<Finding[]>; ace: Promise<Finding[]> };

beforeAll(async () => {
  spoken = await spokenMeduza();
  const out = await writeEpubAudio(spoken.article, EpubAudioOptions.parse({}), spoken.ctx);
  expect(out.extension).toBe('audio.epub');
  entries = readZip(out.bytes);
  const file = join(dir, 'meduza-audio.epub');
  writeFileSync(file, out.bytes);
  // Ace waits for EPUBCheck: two JVM/Chromium processes at once on two cores slow both down.
  const check = epubcheck(file);
  validators = { epubcheck: check, ace: check.catch(() => []).then(() => ace(file)) };
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

function clockMs(value: string): number {
  const m = /^(\d+):(\d{2}):(\d{2})\.(\d{3})$/.exec(value);
  if (!m) throw new Error(`not a full clock value: ${value}`);
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}

describe('read-aloud EPUB of the original article', () => {
  it('passes EPUBCheck with 0 errors and 0 warnings', async () => {
    const findings = await validators.epubcheck;
    expect(findings, listFindings(findings)).toEqual([]);
  }, 120_000);

  it('passes Ace by DAISY with 0 violations', async () => {
    const findings = await validators.ace;
    expect(findings, listFindings(findings)).toEqual([]);
  }, 120_000);

  it('declares the overlay, its duration, the audio and the active class in the package', () => {
    const opf = zipText(entries, 'OEBPS/content.opf');
    const chapterItem = /<item [^>]*href="chapter-1\.xhtml"[^>]*>/.exec(opf)![0];
    const overlayId = attr(chapterItem, 'media-overlay')!;
    const smilItem = new RegExp(`<item id="${overlayId}"[^>]*>`).exec(opf)![0];
    expect(attr(smilItem, 'media-type')).toBe('application/smil+xml');
    expect(opf).toMatch(/<item [^>]*href="audio\/chapter-1\.mp3" media-type="audio\/mpeg"\/>/);
    const own = new RegExp(`<meta property="media:duration" refines="#${overlayId}">([^<]+)</meta>`).exec(
      opf,
    )![1]!;
    const total = /<meta property="media:duration">([^<]+)<\/meta>/.exec(opf)![1]!;
    expect(clockMs(total)).toBe(clockMs(own));
    expect(clockMs(total)).toBe(
      Math.round((spoken.rendering.timeline.length * 1000) / spoken.rendering.pcm.sampleRate),
    );
    const active = /<meta property="media:active-class">([^<]+)<\/meta>/.exec(opf)![1]!;
    expect(zipText(entries, 'OEBPS/style.css')).toContain(`.${active} {`);
    expect(opf).toContain('<meta property="schema:accessibilityFeature">synchronizedAudioText</meta>');
    expect(opf).toContain('<meta property="schema:accessMode">auditory</meta>');
  });

  it('pairs elements of the chapter, in reading order, with clips that cover the whole MP3 back to back', () => {
    const smil = zipText(entries, 'OEBPS/chapter-1.smil');
    const chapter = zipText(entries, 'OEBPS/chapter-1.xhtml');
    const pars = [
      ...smil.matchAll(
        /<par [^>]*><text src="([^"]+)"\/><audio src="([^"]+)" clipBegin="([^"]+)" clipEnd="([^"]+)"\/><\/par>/g,
      ),
    ];
    expect(pars.length).toBe((smil.match(/<par /g) ?? []).length);
    expect(pars.length).toBeGreaterThan(30);
    let previousEnd = 0;
    let previousAt = -1;
    for (const [, text, audio, begin, end] of pars) {
      const [file, id] = text!.split('#');
      expect(file).toBe('chapter-1.xhtml');
      const at = chapter.indexOf(` id="${id}"`);
      expect(at, `#${id} in the chapter`).toBeGreaterThan(previousAt);
      previousAt = at;
      expect(audio).toBe('audio/chapter-1.mp3');
      expect(clockMs(begin!)).toBe(previousEnd);
      expect(clockMs(end!)).toBeGreaterThan(clockMs(begin!));
      previousEnd = clockMs(end!);
    }
    const mp3 = readMp3(entries.find((e) => e.name === 'OEBPS/audio/chapter-1.mp3')!.bytes);
    expect(Math.abs(mp3.seconds * 1000 - previousEnd) / previousEnd).toBeLessThan(0.02);
  });

  it('puts every spoken sentence that is in the text in its own span, Lavrov’s quotations included', () => {
    const chapter = zipText(entries, 'OEBPS/chapter-1.xhtml');
    const smil = zipText(entries, 'OEBPS/chapter-1.smil');
    const { timeline } = spoken.rendering;
    const spans = new Set([...chapter.matchAll(/<span id="([^"]+)">/g)].map((m) => m[1]!));
    const sentences = timeline.sentences.map((s) => s.id);
    const placed = sentences.filter((id) => spans.has(id));
    expect(placed.length / sentences.length).toBeGreaterThan(0.9);
    for (const id of placed) expect(smil).toContain(`#${id}"`);
    const lavrov = spoken.article.speakers.find((s) => s.name === 'Sergey Lavrov')!;
    const his = timeline.sentences.filter((s) => s.runs.some((r) => r.voice.speakerId === lavrov.id));
    expect(his.length).toBeGreaterThanOrEqual(8);
    for (const s of his) expect(spans, s.id).toContain(s.id);
  });

  it('leaves the text of the chapter as the plain EPUB has it', async () => {
    const plain = readZip((await writeEpub(spoken.article, {}, spoken.ctx)).bytes);
    const text = (xhtml: string) => xhtml.replace(/<[^>]*>/g, '');
    const withAudio = zipText(entries, 'OEBPS/chapter-1.xhtml');
    expect(text(withAudio)).toBe(text(zipText(plain, 'OEBPS/chapter-1.xhtml')));
    expect(withAudio).not.toBe(zipText(plain, 'OEBPS/chapter-1.xhtml'));
    expect(zipText(plain, 'OEBPS/content.opf')).not.toContain('media:');
  });
});
