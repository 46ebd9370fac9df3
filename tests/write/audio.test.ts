/**
 * The audio writers on the original article (Meduza text dump, read and enriched without the network),
 * spoken by the real eSpeak NG once for the file (the process's synthesizer caches every clip):
 * the timeline against the samples, the SSML script and the SSML writer's voices; silences as the script's
 * pauses say; loudness evened out between voices; MP3 frames, length and ID3 chapters; the WAV; and the WebVTT
 * transcript parsed back with webvtt-parser — a cue per sentence in order, Lavrov's quotations under
 * `<v Sergey Lavrov>`. The engine pool is checked with a fake engine (the queue is the point there).
 */
import NodeID3 from 'node-id3';
import { describe, expect, it } from 'vitest';
import type { Quote } from '../../src/model/schema.js';
import { inlineText, walkBlocks } from '../../src/model/walk.js';
import { articleSlug } from '../../src/read/finalize.js';
import { Report } from '../../src/report.js';
import { EspeakEngine } from '../../src/write/audio/engines/espeak.js';
import type { Pcm, SpeechRequest, TtsEngine } from '../../src/write/audio/engines/types.js';
import { AudioOptions, VttOptions, writeAudio, writeVtt } from '../../src/write/audio/index.js';
import { amplitudeToDb, speechRms } from '../../src/write/audio/loudness.js';
import { encodeMp3, encodeMp3Parallel, paddingPeriod, planPieces } from '../../src/write/audio/mp3.js';
import { renderAudio } from '../../src/write/audio/render.js';
import { Synthesizer } from '../../src/write/audio/synthesizer.js';
import { seconds } from '../../src/write/audio/timeline.js';
import { parseWav } from '../../src/write/audio/wav.js';
import { renderSsml } from '../../src/write/ssml/index.js';
import { writtenText } from '../../src/write/ssml/tree.js';
import { nodeText, parseVtt, readMp3, spokenMeduza, voiceSpans } from './audio-support.js';
import { requireTool } from './ssml-support.js';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('eSpeak NG engine', () => {
  it('is installed (the tests below need it)', () => {
    expect(requireTool('espeak-ng')).toMatch(/espeak-ng$/);
  });

  it('fails with the command that installs it when the program is missing', async () => {
    const engine = new EspeakEngine({ binary: 'espeak-ng-not-installed-here' });
    await expect(engine.synthesize({ ssml: '<speak>Hello.</speak>', lang: 'en' })).rejects.toMatchObject({
      code: 'render/tts-missing',
      message: expect.stringContaining('apt-get install -y espeak-ng'),
    });
  });

  it('speaks an SSML request to 16-bit mono PCM, faster at a higher rate', async () => {
    requireTool('espeak-ng');
    const ssml = '<speak xml:lang="en"><p><s>The talks lasted nearly two hours.</s></p></speak>';
    const normal = await new EspeakEngine().synthesize({ ssml, lang: 'en' });
    const fast = await new EspeakEngine({ rate: 350 }).synthesize({ ssml, lang: 'en' });
    expect(normal.sampleRate).toBe(22050);
    expect(normal.samples.length / normal.sampleRate).toBeGreaterThan(1);
    expect(fast.samples.length).toBeLessThan(normal.samples.length * 0.75);
  });
});

/** An engine that answers after a few milliseconds and records how many requests it had at once. */
class FakeEngine implements TtsEngine {
  readonly id = 'fake';
  readonly dialect = 'espeak' as const;
  readonly label = 'fake';
  calls = 0;
  active = 0;
  maxActive = 0;
  async synthesize(request: SpeechRequest): Promise<Pcm> {
    this.calls++;
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    await new Promise((r) => setTimeout(r, 5));
    this.active--;
    return { samples: new Int16Array(request.ssml.length * 100), sampleRate: 8000 };
  }
}

describe('Synthesizer', () => {
  it('speaks each distinct request once, never more than `concurrency` at a time', async () => {
    const engine = new FakeEngine();
    const synth = new Synthesizer(engine, { concurrency: 2 });
    const requests = Array.from({ length: 12 }, (_, i) => ({ ssml: `<speak>${i % 6}</speak>`, lang: 'en' }));
    const out = await Promise.all(requests.map((r) => synth.speak(r)));
    expect(engine.calls).toBe(6);
    expect(engine.maxActive).toBe(2);
    expect(out[0]).toBe(out[6]);
  });

  it('speaks again what no longer fits its byte budget', async () => {
    const engine = new FakeEngine();
    // Each answer is 3,200 bytes: a budget of 5,000 holds one.
    const synth = new Synthesizer(engine, { concurrency: 1, cacheBytes: 5000 });
    const a = { ssml: '<speak>a</speak>', lang: 'en' };
    const b = { ssml: '<speak>b</speak>', lang: 'en' };
    await synth.speak(a);
    await synth.speak(b);
    await synth.speak(b);
    await synth.speak(a);
    expect(engine.calls).toBe(3);
  });

  it('does not speak the waiting requests of a caller that gave up; another caller of the same request still gets it', async () => {
    const engine = new FakeEngine();
    const synth = new Synthesizer(engine, { concurrency: 1 });
    const giveUp = new AbortController();
    const requests = Array.from({ length: 8 }, (_, i) => ({ ssml: `<speak>${i}</speak>`, lang: 'en' }));
    const given = requests.map((r) => synth.speak(r, giveUp.signal));
    const other = synth.speak(requests[5]!); // shares the pending request of the caller that gives up
    giveUp.abort();
    const outcomes = await Promise.allSettled(given);
    // The request already being spoken finishes; none of those waiting is spoken for the cancelled caller.
    expect(outcomes[0]?.status).toBe('fulfilled');
    expect(outcomes.slice(1).map((o) => o.status)).toEqual(Array(7).fill('rejected'));
    expect(outcomes[1]).toMatchObject({ reason: { code: 'render/cancelled' } });
    expect((await other).samples.length).toBe(requests[5]!.ssml.length * 100);
    expect(engine.calls).toBe(2); // the first, and request 5 once more for the caller still waiting
  });
});

describe('spoken article: timeline and samples', () => {
  it('has a clip for every voice run of every sentence of the SSML script, in order', async () => {
    const { article, rendering } = await spokenMeduza();
    const ssml = await renderSsml(article, { engines: ['espeak'] }, new Report());
    const expected = ssml.script.paragraphs.flatMap((p) =>
      p.sentences.map((s) =>
        squash(s.runs.map((r) => r.content.map((c) => writtenText(c.leaf)).join('')).join('')),
      ),
    );
    expect(rendering.timeline.sentences.map((s) => s.text)).toEqual(expected);
    expect(rendering.clips.length).toBe(
      ssml.script.paragraphs.reduce((n, p) => n + p.sentences.reduce((m, s) => m + s.runs.length, 0), 0),
    );
    // Ids are the block id (or a line of the header) and the sentence's number in it.
    expect(rendering.timeline.sentences[0]!.id).toBe('line1-s1');
    const b12 = rendering.timeline.sentences.filter((s) => s.blockId === 'b12').map((s) => s.id);
    expect(b12).toEqual(['b12-s1', 'b12-s2', 'b12-s3', 'b12-s4', 'b12-s5', 'b12-s6']);
  });

  it('is exactly as long as its clips and the silences between them, with sound where the clips are', async () => {
    const { rendering } = await spokenMeduza();
    const { timeline, pcm } = rendering;
    const runs = timeline.sentences.flatMap((s) => s.runs);
    let clips = 0;
    let silences = 0;
    let previousEnd = 0;
    const loud = (from: number, to: number) => {
      let max = 0;
      for (let i = from; i < to; i++) max = Math.max(max, Math.abs(pcm.samples[i]!));
      return max;
    };
    const edge = Math.round(pcm.sampleRate * 0.06);
    for (const run of runs) {
      expect(run.start).toBeGreaterThanOrEqual(previousEnd);
      expect(loud(previousEnd, run.start), `silence before "${run.text.slice(0, 30)}"`).toBe(0);
      silences += run.start - previousEnd;
      clips += run.end - run.start;
      // Speech starts and ends within a few milliseconds of the clip's edges.
      expect(loud(run.start, run.start + edge), `start of "${run.text.slice(0, 30)}"`).toBeGreaterThan(300);
      expect(loud(run.end - edge, run.end), `end of "${run.text.slice(0, 30)}"`).toBeGreaterThan(100);
      previousEnd = run.end;
    }
    expect(previousEnd).toBe(pcm.samples.length);
    expect(clips + silences).toBe(pcm.samples.length);
    expect(seconds(timeline, clips)).toBeGreaterThan(120);
  });

  it('leaves the silences the SSML pauses ask for, and follows the pause options', async () => {
    const { article, ctx, rendering } = await spokenMeduza();
    const gapBefore = (r: typeof rendering, blockId: string) => {
      const i = r.timeline.paragraphs.findIndex((p) => p.blockId === blockId);
      return seconds(r.timeline, r.timeline.paragraphs[i]!.start - r.timeline.paragraphs[i - 1]!.end);
    };
    // Defaults: paragraph 600 ms; before a heading 700; after the header 1000 and before a figure 300.
    expect(gapBefore(rendering, 'b5')).toBeCloseTo(1.3, 2);
    expect(gapBefore(rendering, 'b1')).toBeCloseTo(1.9, 2);
    expect(gapBefore(rendering, 'b3')).toBeCloseTo(0.6, 2);
    const s = rendering.timeline.sentences.find((x) => x.id === 'b12-s2')!;
    const previous = rendering.timeline.sentences.find((x) => x.id === 'b12-s1')!;
    expect(seconds(rendering.timeline, s.start - previous.end)).toBeCloseTo(0.3, 2);

    const slower = await renderAudio(
      article,
      { pauses: { beforeHeading: 2000 }, gaps: { paragraph: 200 } },
      ctx.report,
    );
    expect(gapBefore(slower, 'b5')).toBeCloseTo(2.2, 2);
    expect(gapBefore(slower, 'b3')).toBeCloseTo(0.2, 2);
  });

  it("speaks quotations in the voice the SSML writer gives their speaker, as loud as the narrator's", async () => {
    const { article, ctx, rendering } = await spokenMeduza();
    const ssml = await renderSsml(article, { engines: ['espeak'] }, new Report());
    const lavrov = article.speakers.find((s) => s.name === 'Sergey Lavrov')!;
    const voice = ssml.engines[0]!.speakerVoices[lavrov.id];
    expect(voice).toMatch(/^(male|female)/);
    const his = rendering.clips.filter((c) => c.voice.speakerId === lavrov.id);
    expect(his.length).toBeGreaterThanOrEqual(8);
    for (const clip of his) expect(clip.voiceName).toBe(voice);
    for (const clip of rendering.clips.filter((c) => c.voice.slot === 0))
      expect(clip.ssml).not.toContain('<voice');

    const levels = (r: typeof rendering) =>
      r.timeline.sentences
        .flatMap((x) => x.runs)
        .filter((run) => run.end - run.start > r.pcm.sampleRate)
        .map((run) => amplitudeToDb(speechRms(r.pcm.samples.subarray(run.start, run.end), r.pcm.sampleRate)));
    for (const db of levels(rendering)) expect(db).toBeCloseTo(-20, 0);
    const quiet = await renderAudio(article, { loudness: -30 }, ctx.report);
    for (const db of levels(quiet)) expect(db).toBeCloseTo(-30, 0);
  });
});

describe('audio writer', () => {
  it('writes an MP3 as long as the clips (±2%) with ID3 chapters per section, and the WAV beside it', async () => {
    const { article, ctx, rendering } = await spokenMeduza();
    const out = await writeAudio(article, AudioOptions.parse({}), ctx);
    expect(out.extension).toBe('mp3');
    expect(out.mediaType).toBe('audio/mpeg');
    const total = seconds(rendering.timeline, rendering.timeline.length);
    const mp3 = readMp3(out.bytes);
    expect(mp3.sampleRate).toBe(rendering.pcm.sampleRate);
    expect(mp3.bitrate).toBe(48);
    expect(Math.abs(mp3.seconds - total) / total).toBeLessThan(0.02);

    const tags = NodeID3.read(Buffer.from(out.bytes));
    expect(tags.title).toBe(article.title);
    const headings = [...walkBlocks(article.blocks)].filter((b) => b.type === 'heading');
    expect((tags.chapter ?? []).map((c) => c.tags?.title)).toEqual([
      article.title,
      ...headings.map((h) => squash(inlineText(h.type === 'heading' ? h.children : []))),
    ]);
    const chapters = tags.chapter ?? [];
    expect(chapters[0]!.startTimeMs).toBe(0);
    expect(chapters.at(-1)!.endTimeMs).toBe(Math.round(total * 1000));
    for (let i = 1; i < chapters.length; i++) {
      expect(chapters[i]!.startTimeMs).toBe(chapters[i - 1]!.endTimeMs);
      // A chapter starts where its heading is spoken.
      const heading = rendering.timeline.paragraphs.find((p) => p.blockId === chapters[i]!.elementID)!;
      expect(chapters[i]!.startTimeMs).toBe(Math.round(seconds(rendering.timeline, heading.start) * 1000));
    }
    expect(tags.tableOfContents?.[0]?.elements).toEqual(chapters.map((c) => c.elementID));

    const [wavFile] = out.extraFiles ?? [];
    expect(wavFile?.path).toBe(`${articleSlug(article.title)}.wav`);
    const wav = parseWav(wavFile!.bytes);
    expect(wav.samples.length).toBe(rendering.pcm.samples.length);
    // Compared as bytes: a deep equality over millions of samples takes the test runner most of a minute.
    const bytes = (a: Int16Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bytes(wav.samples).equals(bytes(rendering.pcm.samples))).toBe(true);
  }, 60_000);

  it('encodes pieces cut in silences on several threads into the frames of one stream (but at the joins)', async () => {
    const { rendering } = await spokenMeduza();
    const sampleRate = rendering.pcm.sampleRate;
    // 40 s of the article's speech in 3-second stretches with 1.5 s of silence between them.
    const burst = 3 * sampleRate;
    const pause = Math.round(1.5 * sampleRate);
    const length = 40 * sampleRate;
    const samples = new Int16Array(length);
    const silences: { start: number; end: number }[] = [];
    for (let at = 0, k = 0; at < length; at += burst + pause, k++) {
      samples.set(
        rendering.pcm.samples.subarray(
          k * 10 * sampleRate,
          k * 10 * sampleRate + Math.min(burst, length - at),
        ),
        at,
      );
      if (at + burst < length)
        silences.push({ start: at + burst, end: Math.min(length, at + burst + pause) });
    }
    const pcm = { samples, sampleRate };
    const step = 576 * paddingPeriod(48, sampleRate);
    const pieces = planPieces(length, silences, 8 * sampleRate, step);
    expect(pieces.length).toBeGreaterThanOrEqual(4);
    for (const piece of pieces.slice(0, -1)) {
      expect(piece.end % step).toBe(0);
      expect(piece.encodeEnd).toBe(piece.end - 1152);
      // What the encoder is not given is silence.
      expect(silences.some((s) => s.start < piece.encodeEnd && piece.end <= s.end)).toBe(true);
    }
    const frames = (bytes: Uint8Array) => {
      const out: string[] = [];
      for (let i = 0; i < bytes.length; ) {
        const kbps = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160][bytes[i + 2]! >> 4]!;
        const size = Math.floor((72 * kbps * 1000) / sampleRate) + ((bytes[i + 2]! >> 1) & 1);
        out.push(Buffer.from(bytes.subarray(i, i + size)).toString('base64'));
        i += size;
      }
      return out;
    };
    const one = frames(encodeMp3(pcm, 48));
    const threaded = await encodeMp3Parallel(pcm, 48, silences, { threads: 3, pieceSeconds: 8 });
    const parallel = frames(threaded);
    // Every frame is 576 samples: as many frames, as long, and the sound in the same frames.
    expect(parallel.length).toBe(one.length);
    const differing = one.filter((f, i) => f !== parallel[i]).length;
    expect(differing).toBeLessThanOrEqual(2 * (pieces.length - 1));
    // The same bytes on any number of threads.
    const single = await encodeMp3Parallel(pcm, 48, silences, { threads: 1, pieceSeconds: 8 });
    expect(Buffer.from(single).equals(Buffer.from(threaded))).toBe(true);
  }, 60_000);

  it('refuses options it does not know', () => {
    expect(AudioOptions.safeParse({ bitrate: 50 }).success).toBe(false);
    expect(AudioOptions.safeParse({ voice: 'female' }).success).toBe(false);
    expect(AudioOptions.safeParse({ rate: 1000 }).success).toBe(false);
    expect(
      AudioOptions.safeParse({ rate: 200, gaps: { sentence: 100 }, voices: { palette: ['female:2'] } })
        .success,
    ).toBe(true);
  });
});

describe('vtt writer', () => {
  const lavrovQuotes = async () => {
    const { article } = await spokenMeduza();
    const lavrov = article.speakers.find((s) => s.name === 'Sergey Lavrov')!;
    const quotes: string[] = [];
    const visit = (inlines: readonly import('../../src/model/schema.js').Inline[]) => {
      for (const run of inlines) {
        if (run.type === 'quote' && run.kind === 'direct' && run.speakerId === lavrov.id) {
          const [open, close] = (run as Quote).marks ?? ['', ''];
          quotes.push(squash(`${open}${inlineText(run.children)}${close}`));
        } else if ('children' in run) visit(run.children);
      }
    };
    for (const block of walkBlocks(article.blocks)) if (block.type === 'paragraph') visit(block.children);
    return quotes;
  };

  it('gives a cue per sentence in order, with the voices heard', async () => {
    const { article, ctx, rendering } = await spokenMeduza();
    const out = await writeVtt(article, VttOptions.parse({}), ctx);
    expect(out.extension).toBe('vtt');
    const text = new TextDecoder().decode(out.bytes);
    const { cues, errors } = parseVtt(text);
    expect(errors).toEqual([]);
    const ssml = await renderSsml(article, { engines: ['espeak'] }, new Report());
    const sentences = ssml.script.paragraphs.flatMap((p) =>
      p.sentences.map((s) =>
        squash(s.runs.map((r) => r.content.map((c) => writtenText(c.leaf)).join('')).join('')),
      ),
    );
    expect(cues.map((c) => squash(nodeText(c.tree.children)))).toEqual(sentences);
    expect(cues.map((c) => c.id)).toEqual(rendering.timeline.sentences.map((s) => s.id));
    const total = seconds(rendering.timeline, rendering.timeline.length);
    cues.forEach((cue, i) => {
      expect(cue.endTime).toBeGreaterThan(cue.startTime);
      if (i) expect(cue.startTime).toBeGreaterThanOrEqual(cues[i - 1]!.endTime);
      const s = rendering.timeline.sentences[i]!;
      expect(cue.startTime).toBeCloseTo(seconds(rendering.timeline, s.start), 2);
      expect(cue.endTime).toBeCloseTo(seconds(rendering.timeline, s.end), 2);
    });
    expect(cues.at(-1)!.endTime).toBeCloseTo(total, 2);

    const names = new Set(['Narrator', ...article.speakers.map((s) => s.name)]);
    const spans = cues.flatMap(voiceSpans);
    for (const span of spans) expect(names).toContain(span.voice);
    const lavrov = squash(
      spans
        .filter((s) => s.voice === 'Sergey Lavrov')
        .map((s) => s.text)
        .join(' '),
    );
    const narrator = squash(
      spans
        .filter((s) => s.voice === 'Narrator')
        .map((s) => s.text)
        .join(' '),
    );
    const quotes = await lavrovQuotes();
    expect(quotes.length).toBeGreaterThanOrEqual(5);
    for (const quote of quotes) {
      expect(lavrov).toContain(quote);
      expect(narrator).not.toContain(quote.slice(1, -1));
    }
    expect(lavrov).not.toMatch(/Lavrov (said|told|concluded)/);
    // Narration around a quotation stays the narrator's, in the same cue.
    const b12 = cues.find((c) => c.id === 'b12-s4')!;
    expect(voiceSpans(b12).map((s) => s.voice)).toEqual(['Sergey Lavrov', 'Narrator']);
  });

  it('writes the chapters track beside it, and names the narrator as asked', async () => {
    const { article, ctx, rendering } = await spokenMeduza();
    const out = await writeVtt(article, VttOptions.parse({ narratorName: 'Reader' }), ctx);
    const [chaptersFile] = out.extraFiles ?? [];
    expect(chaptersFile?.path).toBe(`${articleSlug(article.title)}.chapters.vtt`);
    const chapters = parseVtt(new TextDecoder().decode(chaptersFile!.bytes), 'chapters');
    expect(chapters.errors).toEqual([]);
    expect(chapters.cues.map((c) => c.id)).toEqual(rendering.timeline.chapters.map((c) => c.id));
    expect(chapters.cues.map((c) => c.text)).toEqual(rendering.timeline.chapters.map((c) => c.title));
    const { cues } = parseVtt(new TextDecoder().decode(out.bytes));
    expect(cues.flatMap(voiceSpans).some((s) => s.voice === 'Reader')).toBe(true);
    expect(cues.flatMap(voiceSpans).some((s) => s.voice === 'Narrator')).toBe(false);
  });
});
