/**
 * Gender-aware voices: a speaker known to be a woman or a man (`gender` on the Speaker, when the model
 * carries it) is given a voice of that gender by every engine, speakers of one gender take its voices in
 * turn, and options can replace the per-gender voices. Speakers of unknown gender keep the mixed palette.
 */
import { describe, expect, it } from 'vitest';
import { Article, type Block, type Inline, type Speaker } from '../../src/model/schema.js';
import { Report } from '../../src/report.js';
import { checkSsml } from '../../src/write/ssml/check.js';
import { renderSsml } from '../../src/write/ssml/index.js';
import { ENGINES, type SsmlOptions } from '../../src/write/ssml/options.js';
import { engineVoices, speakerGender } from '../../src/write/ssml/voices.js';
import { numberBlocks } from './ssml-support.js';

const text = (t: string): Inline => ({ type: 'text', text: t });
const said = (speakerId: string, t: string): Inline => ({
  type: 'quote',
  kind: 'direct',
  speakerId,
  marks: ['“', '”'],
  children: [text(t)],
});

/** A speaker with a gender (the model's Speaker type has no such field yet; its parse would drop it). */
function person(id: string, name: string, slot: number, gender?: 'female' | 'male'): Speaker {
  const s: Speaker = { id, name, aliases: [], voiceSlot: slot };
  return gender ? Object.assign(s, { gender }) : s;
}

function talk(speakers: Speaker[], lang = 'en'): Article {
  const blocks: Block[] = [
    {
      id: '',
      type: 'paragraph',
      children: speakers.flatMap((s) => [said(s.id, `I am ${s.name}.`), text(' Then ')]),
    },
  ];
  const a = Article.parse({
    schemaVersion: 1,
    id: 'voices',
    lang,
    title: 'Voices',
    authors: [],
    translators: [],
    speakers: [],
    blocks: numberBlocks(blocks),
  });
  a.speakers = speakers;
  return a;
}

async function voicesOf(a: Article, options: SsmlOptions = {}) {
  const r = await renderSsml(a, options, new Report());
  for (const e of r.engines)
    for (const q of e.requests) expect(await checkSsml(e.engine, q.xml), e.engine).toEqual([]);
  return Object.fromEntries(r.engines.map((e) => [e.engine, e.speakerVoices]));
}

describe('gender-aware voices', () => {
  it('reads a gender only when it is female or male', () => {
    expect(speakerGender(person('s1', 'Ann', 1, 'female'))).toBe('female');
    expect(speakerGender(person('s1', 'Bob', 1))).toBeUndefined();
    expect(speakerGender(Object.assign(person('s1', 'X', 1), { gender: 'n' }))).toBeUndefined();
  });

  it('gives a woman a female voice and a man a male voice whatever their voice slots', async () => {
    // Without a gender, slot 1 takes the palette's first voice, a male one on the cloud engines.
    const unknown = await voicesOf(talk([person('s1', 'Kaja Kallas', 1), person('s2', 'Ned Price', 2)]));
    expect(unknown.polly).toEqual({ s1: 'Matthew', s2: 'Kendra' });

    const v = await voicesOf(
      talk([person('s1', 'Kaja Kallas', 1, 'female'), person('s2', 'Ned Price', 2, 'male')]),
    );
    expect(v.polly).toEqual({ s1: 'Kendra', s2: 'Matthew' });
    expect(v.google).toEqual({ s1: 'en-US-Neural2-C', s2: 'en-US-Neural2-D' });
    expect(v.azure).toEqual({ s1: 'en-US-AriaNeural', s2: 'en-US-GuyNeural' });
    expect(v.ibm).toEqual({ s1: 'en-US_LisaV3Voice', s2: 'en-US_MichaelV3Voice' });
    // Described voices say the gender outright.
    for (const engine of ['w3c', 'espeak'] as const) {
      expect(v[engine]!.s1).toMatch(/^female/);
      expect(v[engine]!.s2).toMatch(/^male/);
    }
  });

  it('writes the gendered voice into the w3c document', async () => {
    const r = await renderSsml(
      talk([person('s1', 'Ned Price', 1, 'male'), person('s2', 'Kaja Kallas', 2, 'female')]),
      {},
      new Report(),
    );
    expect(r.article).toContain('<voice gender="male" variant="3">“I am Ned Price.”</voice>');
    expect(r.article).toContain('<voice gender="female">“I am Kaja Kallas.”</voice>');
  });

  it('gives speakers of one gender its voices in turn, by voice slot', async () => {
    const v = await voicesOf(
      talk([
        person('s1', 'A Man', 4, 'male'),
        person('s2', 'A Woman', 1, 'female'),
        person('s3', 'Another Man', 2, 'male'),
        person('s4', 'Third Man', 3, 'male'),
      ]),
    );
    expect(v.polly).toEqual({ s1: 'Stephen', s2: 'Kendra', s3: 'Matthew', s4: 'Joey' });
    for (const engine of ENGINES) {
      const men = [v[engine]!.s1, v[engine]!.s3, v[engine]!.s4];
      // IBM has two US English male voices: the third man takes the first again.
      expect(new Set(men).size, engine).toBe(engine === 'ibm' ? 2 : 3);
      expect(men, engine).not.toContain(v[engine]!.s2);
    }
  });

  it('lets a woman share the (female) narrator voice where the language has no other female voice', () => {
    const a = talk(
      [person('s1', 'Мария Захарова', 1, 'female'), person('s2', 'Сергей Лавров', 2, 'male')],
      'ru',
    );
    const polly = engineVoices('polly', a);
    expect(polly.narrator).toBe('Tatyana');
    expect(polly.voiceFor({ slot: 1, speakerId: 's1' })).toBe('Tatyana');
    expect(polly.voiceFor({ slot: 2, speakerId: 's2' })).toBe('Maxim');
  });

  it('takes female and male voices from the options; by-name voices still win', async () => {
    const a = talk([
      person('s1', 'Kaja Kallas', 1, 'female'),
      person('s2', 'Ned Price', 2, 'male'),
      person('s3', 'Antony Blinken', 3, 'male'),
    ]);
    const v = await voicesOf(a, {
      voices: {
        polly: { female: ['Amy'], male: ['Brian', 'Russell'], byName: { blinken: 'Joey' } },
        w3c: { male: ['male:7'] },
      },
    });
    expect(v.polly).toEqual({ s1: 'Amy', s2: 'Brian', s3: 'Joey' });
    expect(v.w3c).toEqual({ s1: 'female', s2: 'male:7', s3: 'male:7' });
  });
});
