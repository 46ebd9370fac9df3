/**
 * Audio throughput on the original article (the Meduza text dump, read and through the quotes transform
 * once, outside the timing), as real-time factors: seconds of audio per second of wall time.
 *
 * - synthesis: the SSML writer's script spoken by eSpeak NG, one process per voice run, on 2 cores and on
 *   1 (a fresh synthesizer with no cache each run), clips trimmed, levelled and laid out;
 * - MP3: lamejs in worker threads (pieces cut in silences) and in one thread;
 * - end to end: synthesis + MP3 with chapters + WAV, cold;
 * - the vtt and epub-audio writers with the synthesis cached (what a second format of the same article costs).
 *
 *   npx tsx bench/audio.ts [--runs N]
 *
 * Prints a table and writes bench/results/audio.json. Target: synthesis ≥ 20× real time on 2 cores.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { quotesTransform } from '../src/enrich/quotes/index.js';
import type { Article } from '../src/model/schema.js';
import { readText } from '../src/read/text.js';
import { Report } from '../src/report.js';
import { VERSION } from '../src/version.js';
import { EspeakEngine } from '../src/write/audio/engines/espeak.js';
import { writeVtt } from '../src/write/audio/index.js';
import { encodeMp3, encodeMp3Parallel, mp3File } from '../src/write/audio/mp3.js';
import { type AudioRendering, renderAudio } from '../src/write/audio/render.js';
import { defaultSynthesizer, Synthesizer } from '../src/write/audio/synthesizer.js';
import { seconds, timelineSilences } from '../src/write/audio/timeline.js';
import { encodeWav } from '../src/write/audio/wav.js';
import { writeEpubAudio } from '../src/write/epub-audio/index.js';
import { benchCtx, corpus, numberArg, root } from './support.js';

const RUNS = numberArg('runs', 3);
const TARGET = 20;

const ctx = benchCtx;

interface Row {
  case: string;
  runs: number;
  audioSeconds: number;
  medianSeconds: number;
  minSeconds: number;
  realTimeFactor: number;
}

async function measure(name: string, audioSeconds: number, run: () => Promise<unknown>): Promise<Row> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1]!;
  return {
    case: name,
    runs: RUNS,
    audioSeconds,
    medianSeconds: median,
    minSeconds: times[0]!,
    realTimeFactor: audioSeconds / median,
  };
}

const original = await readText(
  { text: readFileSync(join(corpus, 'meduza-lavrov-blinken.txt'), 'utf8') },
  ctx(),
);
const article: Article = quotesTransform()(original, new Report());
const cold = (concurrency: number) => new Synthesizer(new EspeakEngine(), { concurrency, cacheBytes: 0 });

// Warm-up (JIT, the engine's data files in the page cache) and the reference rendering.
const rendering: AudioRendering = await renderAudio(article, {}, new Report(), defaultSynthesizer());
const audio = seconds(rendering.timeline, rendering.timeline.length);
const silences = timelineSilences(rendering.timeline);
const tags = {
  article,
  chapters: rendering.timeline.chapters,
  sampleRate: rendering.pcm.sampleRate,
  engine: rendering.engine,
};

const rows: Row[] = [];
rows.push(
  await measure('synthesis, 2 processes at a time', audio, () =>
    renderAudio(article, {}, new Report(), cold(2)),
  ),
);
rows.push(
  await measure('synthesis, 1 process at a time', audio, () =>
    renderAudio(article, {}, new Report(), cold(1)),
  ),
);
rows.push(
  await measure('MP3, worker threads (2)', audio, () =>
    encodeMp3Parallel(rendering.pcm, 48, silences, { threads: 2 }),
  ),
);
rows.push(await measure('MP3, one thread', audio, async () => encodeMp3(rendering.pcm, 48)));
rows.push(
  await measure('end to end, cold: synthesis + MP3 (chapters) + WAV', audio, async () => {
    const r = await renderAudio(article, {}, new Report(), cold(2));
    await mp3File(r.pcm, tags, 48, timelineSilences(r.timeline));
    encodeWav(r.pcm);
  }),
);
rows.push(await measure('vtt writer, synthesis cached', audio, () => writeVtt(article, {}, ctx())));
rows.push(
  await measure('epub-audio writer, synthesis cached', audio, () => writeEpubAudio(article, {}, ctx())),
);

const fmt = (n: number, d = 1) => n.toFixed(d);
console.log(
  `readout ${VERSION} — audio, original article: ${fmt(audio)} s of speech, ${rendering.clips.length} clips (${RUNS} runs per case, ${cpus().length} cores, load ${loadavg()
    .map((l) => fmt(l, 2))
    .join(' ')}, Node ${process.version})\n`,
);
console.log('| case | runs | median s | best s | × real time |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.case} | ${r.runs} | ${fmt(r.medianSeconds, 2)} | ${fmt(r.minSeconds, 2)} | ${fmt(r.realTimeFactor)} |`,
  );
}
const synthesis = rows[0]!;
console.log(
  `\ntarget ≥ ${TARGET}× real time for synthesis on 2 cores: ${fmt(synthesis.realTimeFactor)}× — ${synthesis.realTimeFactor >= TARGET ? 'met' : 'NOT met'}`,
);

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'audio.json'),
  `${JSON.stringify(
    {
      benchmark: 'audio',
      version: VERSION,
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      loadAverage: loadavg(),
      engine: rendering.engine,
      audioSeconds: audio,
      clips: rendering.clips.length,
      targetRealTimeFactor: TARGET,
      rows,
    },
    null,
    2,
  )}\n`,
);
