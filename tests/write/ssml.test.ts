/** The SSML writer on hand-made articles: what the script says, how each dialect writes it, options. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { Article, type Block, type Inline, type Speaker } from '../../src/model/schema.js';
import { Report } from '../../src/report.js';
import { checkSsml, parseSsml } from '../../src/write/ssml/check.js';
import { documentAtoms, planRequests } from '../../src/write/ssml/chunk.js';
import { dialects } from '../../src/write/ssml/dialects/index.js';
import { Emitter } from '../../src/write/ssml/emit.js';
import { type EngineScript, renderSsml, writeSsml } from '../../src/write/ssml/index.js';
import { SizeSink } from '../../src/write/ssml/measure.js';
import { ENGINES, type Engine, SsmlOptions } from '../../src/write/ssml/options.js';
import { documentText } from '../../src/write/ssml/tree.js';
import { engineVoices } from '../../src/write/ssml/voices.js';
import { testCtx } from '../helpers/ctx.js';
import { numberBlocks, requestsText, spokenText } from './ssml-support.js';

const text = (t: string): Inline => ({ type: 'text', text: t });
const para = (...children: Inline[]): Block => ({ id: '', type: 'paragraph', children });
const quote = (kind: 'direct' | 'partial' | 'other', speakerId: string | undefined, t: string): Inline => ({
  type: 'quote',
  kind,
  ...(speakerId ? { speakerId } : {}),
  marks: ['“', '”'],
  children: [text(t)],
});

function article(blocks: Block[], over: Partial<Article> = {}): Article {
  return Article.parse({
    schemaVersion: 1,
    id: 'test-article',
    lang: 'en',
    title: 'Talks in Reykjavik',
    authors: [],
    translators: [],
    speakers: [],
    ...over,
    blocks: numberBlocks(blocks),
  });
}

const LAVROV: Speaker = { id: 's1', name: 'Sergey Lavrov', aliases: ['Lavrov'], voiceSlot: 1 };
const PRICE: Speaker = { id: 's2', name: 'Ned Price', aliases: ['Price'], voiceSlot: 2 };

async function render(a: Article, options: SsmlOptions = {}) {
  const report = new Report();
  const r = await renderSsml(a, options, report);
  const engine = (e: Engine): EngineScript => {
    const found = r.engines.find((x) => x.engine === e);
    if (!found) throw new Error(`no ${e} output`);
    return found;
  };
  const doc = (await parseSsml(r.article)).document;
  return {
    ...r,
    report,
    engine,
    doc,
    all: (e: Engine) =>
      engine(e)
        .requests.map((q) => q.xml)
        .join('\n'),
  };
}

async function expectClean(r: Awaited<ReturnType<typeof render>>) {
  for (const e of r.engines) {
    for (const q of e.requests) expect(await checkSsml(e.engine, q.xml), `${e.engine} ${q.file}`).toEqual([]);
  }
}

describe('the script', () => {
  it('opens with title, subtitle, byline, source and date', async () => {
    const a = article([para(text('Body text.'))], {
      subtitle: 'First meeting',
      authors: [{ name: 'Pyotr Lokhov' }, { name: 'Jane Roe' }],
      translators: [{ name: 'Eilish Hart' }],
      source: { name: 'Meduza' },
      publishedAt: '2021-05-19T10:00:00Z',
    });
    const r = await render(a);
    const said = documentText(r.script);
    expect(said.split('\n').slice(0, 5)).toEqual([
      'Talks in Reykjavik.',
      'First meeting.',
      'By Pyotr Lokhov and Jane Roe. Translated by Eilish Hart.',
      'Source: Meduza. Published May 19, 2021.',
      'Body text.',
    ]);
    // A pause between the header and the body.
    expect(r.article).toMatch(
      /Published May 19, 2021\.<\/s><break time="1000ms"\/><\/p><mark name="b1"\/><p>/,
    );
  });

  it('localises the added words and wraps them in <lang> when the article language has none', async () => {
    const ru = await render(
      article([para(text('Текст.'))], { lang: 'ru', title: 'Заголовок', authors: [{ name: 'Пётр Лохов' }] }),
    );
    expect(documentText(ru.script)).toContain('Автор: Пётр Лохов.');
    const ja = await render(
      article([para(text('本文です。'))], { lang: 'ja', title: '見出し', authors: [{ name: 'A B' }] }),
    );
    expect(ja.article).toContain('<lang xml:lang="en">By </lang>');
  });

  it('puts a mark with the block id at the start of every block, in document order', async () => {
    const a = article([
      { id: '', type: 'heading', level: 2, children: [text('A heading')] },
      para(text('One.')),
      { id: '', type: 'figure', src: 'x.jpg', alt: '', altSource: 'decorative', decorative: true },
      {
        id: '',
        type: 'list',
        ordered: true,
        items: [{ children: [para(text('First item.'))] }, { children: [para(text('Second item.'))] }],
      },
      { id: '', type: 'blockquote', children: [para(text('Quoted.'))] },
      { id: '', type: 'separator' },
      para(text('Last.')),
    ]);
    const r = await render(a);
    const marks = Array.from(r.doc.getElementsByTagName('mark')).map((m) => m.getAttribute('name'));
    expect(marks).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'b9', 'b10']);
    // Every mark comes right before its paragraph.
    for (const m of Array.from(r.doc.getElementsByTagName('mark'))) {
      expect(m.parentElement?.localName).toBe('speak');
      expect(['mark', 'p']).toContain(m.nextElementSibling?.localName);
    }
    expect(documentText(r.script)).toContain('1. First item.\n2. Second item.');
    // The separator's pause comes before the next paragraph.
    expect(r.article).toContain('<mark name="b9"/><mark name="b10"/><p><break time="1200ms"/><s>Last.</s>');
    await expectClean(r);
  });

  it('pauses around headings and splits paragraphs into sentences (not after abbreviations)', async () => {
    const a = article([
      { id: '', type: 'heading', level: 2, children: [text('What was said')] },
      para(
        text(
          'Mr. Smith met Dr. Jones in the U.S. Capitol on Monday. John F. Kennedy was not there. It rained.',
        ),
      ),
    ]);
    const r = await render(a);
    expect(r.article).toContain(
      '<mark name="b1"/><p><break time="700ms"/><s>What was said</s><break time="400ms"/></p>',
    );
    const sentences = Array.from(r.doc.getElementsByTagName('p')[2]!.getElementsByTagName('s')).map(
      (s) => s.textContent,
    );
    expect(sentences).toEqual([
      'Mr. Smith met Dr. Jones in the U.S. Capitol on Monday.',
      'John F. Kennedy was not there.',
      'It rained.',
    ]);
  });

  it('describes figures: "Image: {alt}.", the caption, and the credit', async () => {
    const figure = (over: object): Block =>
      ({
        id: '',
        type: 'figure',
        src: 'x.jpg',
        alt: '',
        altSource: 'author',
        decorative: false,
        ...over,
      }) as Block;
    const a = article([
      figure({ alt: 'Two men touching elbows', caption: [text('Lavrov and Blinken')], credit: 'Reuters' }),
      figure({
        alt: '',
        altSource: 'missing',
        caption: [text('A hall in Reykjavik')],
        credit: 'Photo: TASS',
      }),
      figure({ alt: 'Same as caption', altSource: 'caption', caption: [text('Same as caption')] }),
    ]);
    const said = documentText((await render(a)).script)
      .split('\n')
      .slice(1);
    expect(said).toEqual([
      'Image: Two men touching elbows. Lavrov and Blinken. Photo: Reuters.',
      'Image: A hall in Reykjavik. Photo: TASS.',
      'Image: Same as caption.',
    ]);
    const off = await render(a, { describeImages: false });
    expect(documentText(off.script)).not.toContain('Image');
    expect(Array.from(off.doc.getElementsByTagName('mark')).map((m) => m.getAttribute('name'))).toEqual([
      'b1',
      'b2',
      'b3',
    ]);
    const de = await render(
      article([figure({ alt: 'Zwei Männer', credit: 'dpa' })], { lang: 'de', title: 'Titel' }),
    );
    expect(documentText(de.script)).toContain('Bild: Zwei Männer. Foto: dpa.');
  });
});

describe('voices', () => {
  const talk = () =>
    article(
      [
        para(
          text('Lavrov described the talks as '),
          quote('partial', 's1', 'constructive'),
          text('. '),
          quote('direct', 's1', 'There are numerous roadblocks.'),
          text(' Lavrov said. '),
          quote('direct', 's2', 'We raised our concerns.'),
          text(' Price added. '),
          quote('other', undefined, 'tit-for-tat'),
          text(' moves continued. '),
          quote('direct', undefined, 'Nobody knows who said this.'),
        ),
      ],
      { speakers: [LAVROV, PRICE] },
    );

  it('speaks direct quotes in the speaker’s voice and keeps partial, other and unattributed quotes with the narrator', async () => {
    const r = await render(talk());
    const voices = Array.from(r.doc.getElementsByTagName('voice')).map((v) => [
      v.getAttribute('gender'),
      v.getAttribute('variant'),
      v.textContent,
    ]);
    expect(voices).toEqual([
      ['female', null, '“There are numerous roadblocks.”'],
      ['male', '3', '“We raised our concerns.”'],
    ]);
    const google = r.all('google');
    expect(google).toContain('<voice name="en-US-Neural2-D">“There are numerous roadblocks.”</voice>');
    expect(google).toContain('<voice name="en-US-Neural2-C">“We raised our concerns.”</voice>');
    expect(r.engine('google').requests[0]!.voice).toBe('en-US-Neural2-F');
  });

  it('voices partial quotes too when voicePartialQuotes is set', async () => {
    const r = await render(talk(), { voicePartialQuotes: true });
    expect(r.article).toContain('<voice gender="female">“constructive”</voice>');
  });

  it('never mixes voices in a Polly or IBM request, and names each request’s voice', async () => {
    const r = await render(talk());
    for (const engine of ['polly', 'ibm'] as const) {
      const reqs = r.engine(engine).requests;
      expect(reqs.map((q) => q.voice)).toEqual(
        engine === 'polly'
          ? ['Joanna', 'Matthew', 'Joanna', 'Kendra', 'Joanna']
          : [
              'en-US_AllisonV3Voice',
              'en-US_MichaelV3Voice',
              'en-US_AllisonV3Voice',
              'en-US_LisaV3Voice',
              'en-US_AllisonV3Voice',
            ],
      );
      for (const q of reqs) expect(q.xml).not.toContain('<voice');
      expect((await parseSsml(reqs[1]!.xml)).text).toBe('“There are numerous roadblocks.”');
    }
  });

  it('writes Azure voices as the only children of <speak>, narrator included, with bookmarks', async () => {
    const r = await render(talk());
    const [req] = r.engine('azure').requests;
    const doc = (await parseSsml(req!.xml)).document;
    const children = Array.from(doc.documentElement.children).map(
      (c) => `${c.localName}:${c.getAttribute('name')}`,
    );
    expect(children).toEqual([
      'voice:en-US-JennyNeural',
      'voice:en-US-GuyNeural',
      'voice:en-US-JennyNeural',
      'voice:en-US-AriaNeural',
      'voice:en-US-JennyNeural',
    ]);
    expect(req!.xml).toContain('<bookmark mark="b1"/>');
    expect(req!.xml).not.toContain('<mark');
  });

  it('takes narrator, palette and by-name voices from the options, and a speaker’s own voice where it fits the engine', async () => {
    const a = talk();
    a.speakers[1] = { ...PRICE, voice: 'Brian' };
    const r = await render(a, {
      voices: {
        polly: { narrator: 'Amy', palette: ['Russell'] },
        w3c: { narrator: 'male', byName: { lavrov: 'neutral:2' } },
      },
    });
    expect(r.engine('polly').requests.map((q) => q.voice)).toEqual(['Amy', 'Russell', 'Amy', 'Brian', 'Amy']);
    // Brian is a Polly voice name, not a Google one: Google keeps its palette.
    expect(r.engine('google').speakerVoices).toEqual({ s1: 'en-US-Neural2-D', s2: 'en-US-Neural2-C' });
    expect(r.doc.documentElement.firstElementChild?.getAttribute('gender')).toBe('male');
    expect(r.article).toContain(
      '<voice gender="neutral" variant="2">“There are numerous roadblocks.”</voice>',
    );
  });

  it('uses language defaults per engine and warns when an engine has no voice for the language', async () => {
    const r = await render(article([para(text('Привет.'))], { lang: 'ru', title: 'Заголовок' }));
    expect(r.engine('polly').narrator).toBe('Tatyana');
    expect(r.engine('azure').lang).toBe('ru-RU');
    expect(r.engine('ibm').narrator).toBeUndefined();
    expect(r.report.warnings.map((w) => w.origin)).toContain('ssml:no-voice');
  });
});

describe('say-as, sub, phoneme and lang', () => {
  it('marks dates, times, ordinals, telephone numbers and acronyms', async () => {
    const r = await render(
      article([
        para(
          text(
            'On 2021-05-19 at 10:30 a.m. the 21st session began. Call +1 (202) 555-0143 now. ' +
              'VOA and NATO reported it, as did the BBC. World War II ended. The count was 1 000 000 on 19/05/2021.',
          ),
        ),
      ]),
    );
    const sayAs = Array.from(r.doc.getElementsByTagName('say-as')).map(
      (e) =>
        `${e.getAttribute('interpret-as')}${e.getAttribute('format') ? `/${e.getAttribute('format')}` : ''}:${e.textContent}`,
    );
    expect(sayAs).toEqual([
      'date/ymd:2021-05-19',
      'time/hms12:10:30 a.m.',
      'ordinal:21',
      'telephone:+1 (202) 555-0143',
      'characters:VOA',
      'characters:BBC',
      'date/dmy:19/05/2021',
    ]);
    // Engines without a say-as kind get the article's own words.
    expect(r.all('espeak')).toContain('the 21st session');
    expect(r.all('polly')).toContain('at 10:30 a.m. the');
    expect(r.all('ibm')).toContain('<say-as interpret-as="letters">VOA</say-as>');
    expect(r.all('google')).toContain('<say-as interpret-as="date" format="yyyymmdd">2021-05-19</say-as>');
    await expectClean(r);
  });

  it('does not spell out a lead-in in capitals or a shouted headline', async () => {
    const r = await render(
      article([
        para(text('AS Opposition Leader Bill Shorten said, the plan failed.')),
        { id: '', type: 'heading', level: 2, children: [text('POLICE FIND THE MISSING HIKERS ALIVE')] },
      ]),
    );
    expect(r.doc.getElementsByTagName('say-as')).toHaveLength(0);
  });

  it('expands abbreviations from the built-in list of the language', async () => {
    const en = await render(article([para(text('Mr. Smith and Dr. Jones, e.g. the doctors, etc.'))]));
    const subs = Array.from(en.doc.getElementsByTagName('sub')).map(
      (s) => `${s.textContent}=${s.getAttribute('alias')}`,
    );
    expect(subs).toEqual(['Mr.=Mister', 'Dr.=Doctor', 'e.g.=for example', 'etc.=et cetera']);
    const ru = await render(article([para(text('Это, т.е. всё.'))], { lang: 'ru', title: 'Т' }));
    expect(ru.article).toContain('<sub alias="то есть">т.е.</sub>');
    const off = await render(article([para(text('Mr. Smith.'))]), { abbreviations: false });
    expect(off.article).not.toContain('<sub');
  });

  it('applies a PLS lexicon as <phoneme> where the engine takes the alphabet, else as <sub>', async () => {
    const lexicon = `<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en">
  <lexeme><grapheme>Navalny</grapheme><phoneme>nɐˈvalʲnɨj</phoneme><alias>Na-VAHL-nee</alias></lexeme>
  <lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme>
</lexicon>`;
    const r = await render(article([para(text('Navalny spoke to the W3C & others.'))]), { lexicon });
    expect(r.article).toContain('<phoneme alphabet="ipa" ph="nɐˈvalʲnɨj">Navalny</phoneme>');
    expect(r.article).toContain('<sub alias="World Wide Web Consortium">W3C</sub> &amp; others.');
    expect(r.all('polly')).toContain('<phoneme alphabet="ipa"');
    expect(r.all('espeak')).toContain('<sub alias="Na-VAHL-nee">Navalny</sub>');
    await expectClean(r);
  });

  it('refuses a lexicon that is not PLS with an InputError naming the problem', async () => {
    const a = article([para(text('x'))]);
    await expect(renderSsml(a, { lexicon: '<lexicon><lexeme>' }, new Report())).rejects.toMatchObject({
      code: 'input/ssml-lexicon',
      message: expect.stringContaining('not well-formed'),
    });
    await expect(renderSsml(a, { lexicon: '<html/>' }, new Report())).rejects.toBeInstanceOf(InputError);
    await expect(
      renderSsml(
        a,
        {
          lexicon:
            '<lexicon xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"><lexeme><grapheme>x</grapheme></lexeme></lexicon>',
        },
        new Report(),
      ),
    ).rejects.toThrow(/neither <alias> nor <phoneme>/);
  });

  it('writes inline spans in another language as <lang> (eSpeak: <voice xml:lang>; dropped where unsupported)', async () => {
    const r = await render(
      article([
        para(
          text('He said '),
          { type: 'lang', lang: 'fr', children: [text('c’est la vie')] },
          text(' and left.'),
        ),
      ]),
    );
    expect(r.article).toContain('<lang xml:lang="fr">c’est la vie</lang>');
    expect(r.all('espeak')).toContain('<voice xml:lang="fr">c’est la vie</voice>');
    expect(r.all('polly')).toContain('<lang xml:lang="fr-FR">c’est la vie</lang>');
    expect(r.all('azure')).not.toContain('xml:lang="fr');
    expect(r.all('ibm')).toContain('He said c’est la vie and left.');
  });
});

describe('XML safety', () => {
  it('escapes markup characters and entity-like text exactly (xmlbuilder2 alone would not)', async () => {
    const nasty = 'Tom &amp; Jerry &nbsp; &#0; <b>bold</b> "quoted" \'single\' ]]> R&D';
    const r = await render(article([para(text(nasty))], { title: 'A & B <c>', speakers: [] }));
    const p = Array.from(r.doc.getElementsByTagName('s')).map((s) => s.textContent);
    expect(p).toContain('A & B <c>.');
    expect(p.join(' ')).toContain('Tom &amp; Jerry &nbsp; &#0; <b>bold</b> "quoted" \'single\' ]]> R&D');
    await expectClean(r);
  });

  it('removes characters XML cannot carry and keeps emoji and right-to-left text', async () => {
    const r = await render(
      article([para(text('bell\u0007 form\u000c feed \ud800 lone 😀 مرحبا שלום\uFFFE.'))]),
    );
    const said = (await parseSsml(r.article)).text;
    expect(said).toContain('bell form feed lone 😀 مرحبا שלום.');
    await expectClean(r);
  });
});

describe('requests', () => {
  const sentence = (i: number) =>
    `Sentence number ${i} talks about the meeting in some detail, as such sentences do.`;
  const longArticle = () =>
    article(
      Array.from({ length: 40 }, (_, i) =>
        para(text(Array.from({ length: 6 }, (_, k) => sentence(i * 6 + k)).join(' '))),
      ),
    );

  it('splits at paragraph boundaries while paragraphs fit, within every engine’s limits', async () => {
    const r = await render(longArticle());
    await expectClean(r);
    for (const engine of ['polly', 'google', 'ibm'] as const) {
      const reqs = r.engine(engine).requests;
      expect(reqs.length).toBeGreaterThan(1);
      // Paragraphs are small here: no paragraph is cut in two.
      const seen = reqs.flatMap((q) => q.blockIds);
      expect(new Set(seen).size).toBe(seen.length);
      expect(await requestsText(reqs.map((q) => q.xml))).toBe(spokenText(r.script, engine));
    }
    expect(r.engine('azure').requests).toHaveLength(1);
    expect(r.engine('w3c').requests[0]!.xml).toBe(r.article);
  });

  it('cuts a paragraph too long for one request at sentences, then clauses, then words', async () => {
    const huge = Array.from({ length: 900 }, (_, i) => `clause ${i}, with words`).join(' ');
    const r = await render(article([para(text(`${huge}. Then a short sentence.`))]));
    await expectClean(r);
    for (const engine of ['polly', 'google', 'ibm'] as const) {
      const reqs = r.engine(engine).requests;
      expect(reqs.length).toBeGreaterThan(2);
      expect(await requestsText(reqs.map((q) => q.xml))).toBe(spokenText(r.script, engine));
      // Cut after a comma (a clause), never inside a word.
      for (const q of reqs.slice(1, -1)) expect((await parseSsml(q.xml)).text.trim()).toMatch(/,$/);
    }
    const one = await render(article([para(text('x'.repeat(12_000)))]));
    await expectClean(one);
    expect(await requestsText(one.engine('polly').requests.map((q) => q.xml))).toBe(
      spokenText(one.script, 'polly'),
    );
  });

  it('measures requests exactly as xmlbuilder2 writes them (what the chunker relies on)', async () => {
    const a = article(
      [
        para(
          text('Tom &amp; "Jerry" <3 😀 مرحبا — R&D, VOA, Mr. Smith on 2021-05-19. '),
          quote('direct', 's1', 'Ça & là.'),
        ),
        {
          id: '',
          type: 'heading',
          level: 2,
          children: [{ type: 'lang', lang: 'fr', children: [text('Où & quand')] }],
        },
      ],
      { speakers: [LAVROV] },
    );
    const r = await render(a);
    for (const e of r.engines) {
      const dialect = dialects[e.engine];
      const voices = engineVoices(e.engine, a);
      const atoms = documentAtoms(r.script);
      for (const [i, group] of planRequests(
        { doc: r.script, dialect, voices, lang: e.lang },
        atoms,
      ).entries()) {
        const sink = new SizeSink();
        if (dialect.declaration) sink.declaration();
        const emitter = Emitter.start({ doc: r.script, dialect, voices, lang: e.lang }, sink);
        for (const atom of group) emitter.append(atom);
        emitter.finish();
        const xml = e.requests[i]!.xml;
        expect(sink.size(), `${e.engine} ${i}`).toMatchObject({
          chars: xml.length,
          bytes: Buffer.byteLength(xml),
        });
      }
    }
  });

  it('caps pauses at each engine’s maximum', async () => {
    const a = article([
      { id: '', type: 'heading', level: 2, children: [text('Pause')] },
      para(text('After.')),
    ]);
    const r = await render(a, { pauses: { beforeHeading: 30_000 } });
    expect(r.article).toContain('<break time="30000ms"/>');
    expect(r.all('polly')).toContain('<break time="10000ms"/>');
    expect(r.all('azure')).toContain('<break time="20000ms"/>');
    await expectClean(r);
  });

  it('keeps Azure requests under 50 voice elements', async () => {
    const speakers: Speaker[] = Array.from({ length: 12 }, (_, i) => ({
      id: `s${i + 1}`,
      name: `Speaker ${i + 1}`,
      aliases: [],
      voiceSlot: i + 1,
    }));
    const blocks = Array.from({ length: 30 }, (_, i) =>
      para(
        text('Then '),
        quote('direct', `s${(i % 12) + 1}`, 'Yes.'),
        text(' one said. '),
        quote('direct', `s${((i + 5) % 12) + 1}`, 'No.'),
      ),
    );
    const r = await render(article(blocks, { speakers }));
    const reqs = r.engine('azure').requests;
    expect(reqs.length).toBeGreaterThan(1);
    for (const q of reqs) expect(q.size.voices).toBeLessThanOrEqual(50);
    await expectClean(r);
  });
});

describe('the dialect checker', () => {
  it('reports what each engine would refuse', async () => {
    expect(await checkSsml('polly', '<speak><p><s>Hi</s></p></speak>')).toEqual([]);
    expect(await checkSsml('polly', '<speak><p><s>Hi</p></speak>')).toEqual([
      expect.stringMatching(/^not well-formed/),
    ]);
    expect(await checkSsml('polly', '<speak><voice name="Joanna">Hi</voice></speak>')).toEqual(
      expect.arrayContaining(['<voice> is not accepted by polly', 'polly has no <voice>']),
    );
    expect(await checkSsml('polly', '<speak><break time="11s"/>Hi</speak>')).toEqual([
      '<break time="11s"> is longer than 10000 ms',
    ]);
    expect(await checkSsml('polly', `<speak>${'x'.repeat(3001)}</speak>`)).toEqual([
      '3001 billed characters, more than 3000',
    ]);
    expect(await checkSsml('ibm', '<speak><say-as interpret-as="characters">VOA</say-as></speak>')).toEqual([
      'say-as interpret-as="characters" is not accepted',
    ]);
    const azure = (body: string) =>
      `<speak xmlns="http://www.w3.org/2001/10/synthesis" version="1.0" xml:lang="en-US">${body}</speak>`;
    expect(await checkSsml('azure', azure('<voice name="a"><mark name="b1"/>Hi</voice>'))).toEqual([
      '<mark> is not accepted by azure',
    ]);
    expect(await checkSsml('azure', azure('Hi <voice name="a"><voice name="b">x</voice></voice>'))).toEqual([
      '<voice> inside <voice>',
      'text directly inside <speak>',
    ]);
    expect(await checkSsml('azure', azure('<voice name="a">x</voice>'.repeat(51)))).toEqual([
      '51 voice elements, more than 50',
    ]);
    expect(await checkSsml('w3c', '<speak xml:lang="en">Hi</speak>')).toEqual(
      expect.arrayContaining(['missing XML declaration', '<speak> lacks version']),
    );
  });
});

describe('writeSsml', () => {
  it('writes article.ssml and, per engine, part files and a manifest', async () => {
    const a = article([para(text('Hello '), quote('direct', 's1', 'Hi.'), text(' he said.'))], {
      speakers: [LAVROV],
    });
    const out = await writeSsml(a, { engines: ['polly', 'w3c'] }, testCtx());
    expect(out.mediaType).toBe('application/ssml+xml');
    expect(out.extension).toBe('ssml');
    expect(new TextDecoder().decode(out.bytes)).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?><speak xmlns=/,
    );
    const paths = (out.extraFiles ?? []).map((f) => f.path);
    expect(paths).toEqual([
      'article.ssml',
      'ssml/polly/part-001.ssml',
      'ssml/polly/part-002.ssml',
      'ssml/polly/part-003.ssml',
      'ssml/polly/manifest.json',
      'ssml/w3c/part-001.ssml',
      'ssml/w3c/manifest.json',
    ]);
    // article.ssml is the main file's whole article in the w3c dialect, byte for byte.
    expect(out.extraFiles![0]!.bytes).toEqual(out.bytes);
    const manifest = JSON.parse(new TextDecoder().decode(out.extraFiles![4]!.bytes));
    expect(manifest).toMatchObject({
      engine: 'polly',
      article: 'test-article',
      lang: 'en-US',
      narrator: 'Joanna',
    });
    expect(manifest.requests.map((q: { voice: string }) => q.voice)).toEqual(['Joanna', 'Matthew', 'Joanna']);
    const first = manifest.requests[0];
    expect(first).toMatchObject({ file: 'part-001.ssml', blockIds: ['b1'], marks: ['b1'] });
    expect(first.characters).toBe(new TextDecoder().decode(out.extraFiles![1]!.bytes).length);
    expect(first.billedCharacters).toBeLessThan(first.characters);
  });

  it('validates its options', () => {
    expect(SsmlOptions.safeParse({ engines: ['polly', 'watson'] }).success).toBe(false);
    expect(SsmlOptions.safeParse({ voices: { polly: { narrator: 'two words' } } }).success).toBe(false);
    expect(SsmlOptions.safeParse({ colour: 'red' }).success).toBe(false);
    expect(SsmlOptions.parse({ engines: [...ENGINES], voicePartialQuotes: true })).toMatchObject({
      voicePartialQuotes: true,
    });
  });
});
