import { describe, expect, it } from 'vitest';
import { analyzeArticle } from '../../src/analyze.js';
import { quotesTransform } from '../../src/enrich/quotes/index.js';
import { findQuoteSpans } from '../../src/enrich/quotes/spans.js';
import type { Article, Inline } from '../../src/model/schema.js';
import { articleText, walkBlocks } from '../../src/model/walk.js';
import { Report } from '../../src/report.js';
import { article, quoteInlines, run } from './quotes-article.js';

const texts = (s: string) => findQuoteSpans(s).spans.map((q) => s.slice(q.innerStart, q.innerEnd));

describe('quotation spans', () => {
  it('pairs curly, straight and single marks', () => {
    expect(texts('He said “yes” and "no" and ‘maybe’ and \'never\'.')).toEqual([
      'yes',
      'no',
      'maybe',
      'never',
    ]);
  });

  it('tells apostrophes from single quotation marks', () => {
    const s =
      'Fans of rock ’n’ roll in the ’90s don’t agree, the players’ union said, calling it ‘a disgrace’.';
    expect(texts(s)).toEqual(['a disgrace']);
    expect(texts("Rock 'n' roll in the '90s isn't dead, the fans' club said.")).toEqual([]);
    expect(texts('The Smiths’ album and O’Brien’s car.')).toEqual([]);
  });

  it('nests quotations inside quotations', () => {
    const s = '“He told me ‘never again’ before he left,” Smith said.';
    const { spans } = findQuoteSpans(s);
    expect(spans).toHaveLength(1);
    expect(spans[0]!.children.map((c) => s.slice(c.innerStart, c.innerEnd))).toEqual(['never again']);
    const ru = '«Он сказал: „Нет“», — рассказал Иванов.';
    const r = findQuoteSpans(ru).spans;
    expect(r.map((q) => ru.slice(q.innerStart, q.innerEnd))).toEqual(['Он сказал: „Нет“']);
    expect(r[0]!.children.map((c) => ru.slice(c.innerStart, c.innerEnd))).toEqual(['Нет']);
  });

  it('keeps square-bracket insertions inside the quotation', () => {
    expect(texts('“When he [the president] arrived, we left,” Doe said.')).toEqual([
      'When he [the president] arrived, we left,',
    ]);
  });

  it('reads French guillemets with spaces and German „…“', () => {
    expect(texts('Il a parlé d’un « mémorandum argumenté » hier.')).toEqual([' mémorandum argumenté ']);
    expect(texts('Er sagte: „Wir schaffen das“, und ging.')).toEqual(['Wir schaffen das']);
  });

  it('reports a quotation still open at the end of the block', () => {
    const { spans, open } = findQuoteSpans('“First part of the speech, and more.');
    expect(open?.span).toBe(spans[0]);
    expect(open?.span.closeMark).toBe('');
  });
});

describe('kinds', () => {
  it('classifies direct, partial and other quotations', () => {
    const r = run(
      article([
        'Senator Jane Roe said the plan was “a disaster” for farmers. “We will fight it in every court,” Roe said.',
        'The bill, dubbed the so-called “Farm Freedom Act” by its backers, has a string of “wins” behind it.',
        'A banner reading “Hands Off Our Land” hung over the hall.',
      ]),
    );
    expect(r.kindOf('a disaster')).toBe('partial');
    expect(r.kindOf('We will fight')).toBe('direct');
    expect(r.kindOf('Farm Freedom Act')).toBe('other');
    expect(r.kindOf('wins')).toBe('other');
    expect(r.kindOf('Hands Off')).toBe('other');
    expect(r.speakerOf('wins')).toBeNull();
    expect(r.speakerOf('Hands Off')).toBeNull();
  });

  it('imagined speech ("as if to say") is other and has no speaker', () => {
    const r = run(
      article([
        '“We are done here,” said Mayor John Smith.',
        'He looked at the reporters as if to say “You think you got me?” and walked out.',
      ]),
    );
    expect(r.kindOf('You think')).toBe('other');
    expect(r.speakerOf('You think')).toBeNull();
  });

  it('a quoted sentence the narration finishes is partial', () => {
    const r = run(article(['“Now it is hard to see what could persuade them” to stop, Jane Roe said.']));
    expect(r.kindOf('Now it is hard')).toBe('partial');
    expect(r.speakerOf('Now it is hard')).toBe('Jane Roe');
  });
});

describe('speech cues', () => {
  const r = run(
    article([
      'Foreign Minister Ivan Petrov met Secretary of State Jane Roe in Oslo on Monday.',
      '“The talks were useful,” Petrov said.',
      '“We disagree on almost everything,” said Roe.',
      'Petrov added: “We will meet again in June.”',
      'Roe said that “nothing has been decided” yet.',
      'Petrov described the meeting as “businesslike and frank.”',
      'According to Roe, the two sides agreed to “keep talking.”',
      'Both sides have “a lot of work to do,” Roe warned.',
      'Petrov later wrote on social media that the talks had been “a first step.”',
    ]),
  );

  it('attributes "…," X said and "…," said X', () => {
    expect(r.speakerOf('The talks were useful')).toBe('Ivan Petrov');
    expect(r.speakerOf('We disagree')).toBe('Jane Roe');
  });

  it('attributes X said: "…", X said that "…" and X described … as "…"', () => {
    expect(r.speakerOf('We will meet again')).toBe('Ivan Petrov');
    expect(r.speakerOf('nothing has been decided')).toBe('Jane Roe');
    expect(r.speakerOf('businesslike')).toBe('Ivan Petrov');
  });

  it('attributes according to X, and verbs in other tenses', () => {
    expect(r.speakerOf('keep talking')).toBe('Jane Roe');
    expect(r.speakerOf('a lot of work')).toBe('Jane Roe');
    expect(r.speakerOf('a first step')).toBe('Ivan Petrov');
  });

  it('records the rule and the mention the attribution used', () => {
    const q = quoteInlines(r.article).find((x) => x.kind === 'direct' && x.attribution?.rule === 'cue:after');
    expect(q?.attribution?.mention?.text).toBe('Petrov');
    const petrov = r.quote('The talks were useful');
    expect(petrov.mention?.text).toBe('Petrov');
  });
});

describe('pronouns, descriptions and continuation', () => {
  it('resolves pronouns to the most recent person who is the subject', () => {
    const r = run(
      article([
        'Jane Roe, a senator from Ohio, arrived late. She was greeted by John Smith.',
        '“I am here to listen,” she said.',
      ]),
    );
    expect(r.speakerOf('I am here')).toBe('Jane Roe');
  });

  it('resolves descriptions by the titles seen with each name', () => {
    const r = run(
      article([
        'Russian Foreign Minister Ivan Petrov met U.S. Secretary of State Jane Roe in Geneva.',
        'The Russian diplomat called the meeting “a waste of time.”',
        '“We expected nothing else,” the American diplomat said.',
      ]),
    );
    expect(r.speakerOf('a waste of time')).toBe('Ivan Petrov');
    expect(r.speakerOf('We expected')).toBe('Jane Roe');
  });

  it('continues the previous speaker when nobody else is named in between', () => {
    const r = run(
      article([
        '“The harvest is late this year,” said farmer Tom Bell.',
        '“We will have to hire more people. It costs money we do not have.”',
      ]),
    );
    expect(r.speakerOf('We will have to hire')).toBe('Tom Bell');
    const q = quoteInlines(r.article).find((x) => x.attribution?.rule === 'continuation');
    expect(q?.kind).toBe('direct');
  });

  it('joins a quotation that runs over two paragraphs', () => {
    const r = run(
      article(['“The first part of the speech ran long.', '“And the second part, too,” said Mary Major.']),
    );
    expect(r.quotes).toHaveLength(1);
    expect(r.quotes[0]!.text).toMatch(/^The first part.*second part, too,$/su);
    expect(r.quotes[0]!.speaker).toBe('Mary Major');
    const parts = quoteInlines(r.article);
    expect(parts.map((p) => p.marks)).toEqual([
      ['“', ''],
      ['“', '”'],
    ]);
    expect(parts[0]!.speakerId).toBe(parts[1]!.speakerId);
  });
});

describe('a wrong speaker is worse than none', () => {
  it('leaves quotes without a cue or a previous speaker unknown', () => {
    const r = run(
      article(['“Nobody expected this,” a spokesperson said.', '“The report is wrong,” the statement said.']),
    );
    expect(r.speakerOf('Nobody expected')).toBeNull();
    expect(r.speakerOf('The report is wrong')).toBeNull();
  });

  it('does not continue across another person named in between', () => {
    const r = run(
      article([
        '“We will win,” said Mayor John Smith.',
        'His rival Mary Major disagrees with the plan.',
        '“This is nonsense.”',
      ]),
    );
    expect(r.speakerOf('This is nonsense')).toBeNull();
  });

  it('does not continue across a heading', () => {
    const r = run(
      article(['“We will win,” said Mayor John Smith.', '# A new chapter', '“This is nonsense.”']),
    );
    expect(r.speakerOf('This is nonsense')).toBeNull();
  });

  it('does not resolve "he" after two people named together', () => {
    const r = run(article(['John Smith and Peter Brown met on Friday.', '“It went well,” he said.']));
    expect(r.speakerOf('It went well')).toBeNull();
  });

  it('does not take the subject of a relative clause for the speaker', () => {
    const r = run(
      article([
        'Jane Roe said the summit, which John Smith proposed in April, would “probably” take place in May.',
      ]),
    );
    expect(r.speakerOf('probably')).toBe('Jane Roe');
  });

  it('officials and unnamed sources stay unknown, and stop continuation', () => {
    const r = run(
      article(['“We will win,” said Mayor John Smith.', '“The mayor is wrong,” officials said.']),
    );
    expect(r.speakerOf('The mayor is wrong')).toBeNull();
  });
});

describe('more cases where no speaker beats a guess', () => {
  it('a person who opens a clause between two quotes stops continuation', () => {
    const r = run(article(['“We will win,” said Smith. Jones, his opponent, laughed. “We will see.”']));
    expect(r.speakerOf('We will win')).toBe('Smith');
    expect(r.speakerOf('We will see')).toBeNull();
  });

  it('unnamed and possessive subjects ("one resident", "Smith’s lawyer") stay unknown', () => {
    const r = run(
      article([
        '“I don’t know,” said one resident, who declined to give her name.',
        '“Maybe next year.”',
        'In a statement, Smith’s lawyer said “the charges are baseless.”',
      ]),
    );
    expect(r.speakerOf('I don’t know')).toBeNull();
    expect(r.speakerOf('Maybe next year')).toBeNull();
    expect(r.speakerOf('the charges are baseless')).toBeNull();
  });

  it('a title quoted inside a quotation does not turn the quotation into a title', () => {
    const r = run(article(['“I’m not,” Mr. Dejesus said. “It’s ‘Showtime at the Apollo.’”']));
    expect(r.kindOf('It’s')).toBe('direct');
    expect(r.speakerOf('It’s')).toBe('Dejesus');
    expect(r.kindOf('Showtime')).toBe('other');
    expect(r.speakerOf('Showtime')).toBeNull();
  });

  it('never throws and keeps source offsets on arbitrary mixes of marks', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    const pieces = [
      '“',
      '”',
      '"',
      "'",
      '‘',
      '’',
      '«',
      '»',
      '„',
      ' said Smith',
      ' he',
      ' Ann Lee',
      '.',
      ',',
      ' word',
      ' —',
    ];
    for (let n = 0; n < 200; n++) {
      let text = '';
      for (let k = 0; k < 12; k++) text += pieces[next() % pieces.length];
      const a: Article = {
        ...article(['x']),
        blocks: [
          {
            id: 'b1',
            type: 'paragraph',
            children: [{ type: 'text', text, source: { start: 0, end: text.length } }],
          },
        ],
      };
      const out = quotesTransform()(a, new Report());
      const result = analyzeArticle(out, text);
      for (const q of result.quotes) expect(text.slice(q.start, q.end)).toBe(q.text);
    }
  });
});

describe('German and Spanish basics', () => {
  it('„…“, sagte X / so X / laut X', () => {
    const r = run(
      article(
        [
          '„Wir werden das schaffen“, sagte Bundeskanzler Olaf Scholz am Montag in Berlin.',
          '„Die Lage ist ernst“, so Scholz weiter. Laut Finanzminister Christian Lindner ist „kein Geld da“.',
        ],
        'de',
      ),
    );
    expect(r.speakerOf('Wir werden')).toBe('Olaf Scholz');
    expect(r.speakerOf('Die Lage')).toBe('Olaf Scholz');
    expect(r.speakerOf('kein Geld')).toBe('Christian Lindner');
  });

  it('«…», dijo X / según X, with names in apposition', () => {
    const r = run(
      article(
        [
          '«No vamos a ceder», dijo el presidente Pedro Sánchez en Madrid.',
          'Según la ministra de Hacienda, María Jesús Montero, «las cuentas están claras».',
          '«Es una vergüenza», afirmó el líder de la oposición, Alberto Núñez Feijóo.',
        ],
        'es',
      ),
    );
    expect(r.speakerOf('No vamos')).toBe('Pedro Sánchez');
    expect(r.speakerOf('las cuentas')).toBe('María Jesús Montero');
    expect(r.speakerOf('Es una vergüenza')).toBe('Alberto Núñez Feijóo');
  });
});

describe('speaker registry', () => {
  const r = run(
    article([
      'Lavrova met the press. Foreign Minister Anna Lavrova said the talks were “useful.”',
      '“We will meet again,” said Trade Minister Paul Dunn.',
      '“Not soon,” Lavrova said.',
    ]),
    { voices: { 'Paul Dunn': 'en-GB-Ryan' } },
  );
  const [first, second] = r.article.speakers;

  it('has one entry per person with the fullest name, aliases and roles', () => {
    expect(r.article.speakers.map((s) => s.name)).toEqual(['Anna Lavrova', 'Paul Dunn']);
    expect(first!.aliases).toContain('Lavrova');
    expect(first!.roles).toContain('Foreign Minister');
    expect(first!.kind).toBe('person');
  });

  it('numbers speakers by first appearance and voice slots by first direct quote', () => {
    expect(r.article.speakers.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(second!.voiceSlot).toBe(1);
    expect(first!.voiceSlot).toBe(2);
    expect(second!.voice).toBe('en-GB-Ryan');
  });

  it('lets options override voice slots', () => {
    const again = run(article(['“Yes,” said Anna Lavrova.', '“No,” said Paul Dunn.']), {
      voiceSlots: { 'paul dunn': 1, Lavrova: 2 },
    });
    expect(again.article.speakers.map((s) => [s.name, s.voiceSlot])).toEqual([
      ['Anna Lavrova', 2],
      ['Paul Dunn', 1],
    ]);
  });
});

describe('the transform', () => {
  it('does not change its input and keeps the marks out of the quoted text', () => {
    const input = article(['“We are ready,” said Anna Lavrova.']);
    const before = structuredClone(input);
    const out = quotesTransform()(input, new Report());
    expect(input).toEqual(before);
    const para = out.blocks[0]!;
    expect(para.type === 'paragraph' && para.children[0]).toMatchObject({
      type: 'quote',
      kind: 'direct',
      speakerId: 's1',
      marks: ['“', '”'],
      children: [{ type: 'text', text: 'We are ready,' }],
    });
  });

  it('keeps source offsets valid on every cut text run', () => {
    const input = '“We are ready,” said Anna Lavrova, and “we will win.”';
    const a: Article = {
      ...article(['x']),
      blocks: [
        {
          id: 'b1',
          type: 'paragraph',
          children: [{ type: 'text', text: input, source: { start: 0, end: input.length } }],
        },
      ],
    };
    const out = quotesTransform()(a, new Report());
    const runs: Inline[] = [];
    const walk = (xs: readonly Inline[]) => {
      for (const x of xs) {
        if (x.type === 'text') runs.push(x);
        if ('children' in x) walk(x.children);
      }
    };
    for (const b of walkBlocks(out.blocks)) if (b.type === 'paragraph') walk(b.children);
    expect(runs.length).toBeGreaterThan(2);
    for (const x of runs) {
      if (x.type === 'text' && x.source) expect(input.slice(x.source.start, x.source.end)).toBe(x.text);
    }
    const result = analyzeArticle(out, input);
    for (const q of result.quotes) expect(input.slice(q.start, q.end)).toBe(q.text);
    expect(result.quotes.map((q) => q.text)).toEqual(['We are ready,', 'we will win.']);
    expect(result.quotes[0]!.mention).toEqual({ start: 21, end: 33, text: 'Anna Lavrova' });
  });

  it('quotes inside emphasis and links become Quote inlines without losing the formatting', () => {
    const a: Article = {
      ...article(['x']),
      blocks: [
        {
          id: 'b1',
          type: 'paragraph',
          children: [
            { type: 'text', text: '“We are ' },
            { type: 'emphasis', children: [{ type: 'text', text: 'ready' }] },
            { type: 'text', text: ',” said Anna Lavrova.' },
          ],
        },
      ],
    };
    const out = quotesTransform()(a, new Report());
    const q = quoteInlines(out)[0]!;
    expect(q.children).toEqual([
      { type: 'text', text: 'We are ' },
      { type: 'emphasis', children: [{ type: 'text', text: 'ready' }] },
      { type: 'text', text: ',' },
    ]);
    expect(out.speakers[0]?.name).toBe('Anna Lavrova');
  });

  it('finds quotations in captions, list items and block quotes too', () => {
    const base = article(['Intro.']);
    const a: Article = {
      ...base,
      blocks: [
        {
          id: 'b1',
          type: 'figure',
          src: 'https://example.org/a.jpg',
          alt: '',
          altSource: 'missing',
          decorative: false,
          caption: [
            {
              type: 'text',
              text: 'A sign reading “No war” in Berlin. “We are tired,” said organiser Anna Klein.',
            },
          ],
        },
        {
          id: 'b2',
          type: 'list',
          ordered: false,
          items: [
            {
              children: [
                {
                  id: 'b3',
                  type: 'paragraph',
                  children: [
                    { type: 'text', text: 'He would speak “bluntly” about it, Mayor Tom Bell said.' },
                  ],
                },
              ],
            },
          ],
        },
        {
          id: 'b4',
          type: 'blockquote',
          children: [
            {
              id: 'b5',
              type: 'paragraph',
              children: [{ type: 'text', text: '“Never again,” said Ruth Gold.' }],
            },
          ],
        },
      ],
    };
    const out = quotesTransform()(a, new Report());
    const quotes = analyzeArticle(out).quotes;
    expect(quotes.map((q) => [q.text, q.kind, q.speaker])).toEqual([
      ['No war', 'other', null],
      ['We are tired,', 'direct', 'Anna Klein'],
      ['bluntly', 'partial', 'Tom Bell'],
      ['Never again,', 'direct', 'Ruth Gold'],
    ]);
  });

  it('leaves an article that already marks its quotations as it is', () => {
    const once = quotesTransform()(article(['“We are ready,” said Anna Lavrova.']), new Report());
    const report = new Report();
    expect(quotesTransform()(once, report)).toBe(once);
    expect(report.messages.map((m) => m.origin)).toContain('quotes:kept');
  });

  it('warns about direct quotations left without a speaker', () => {
    const r = run(article(['“Nobody knows what comes next.”']));
    expect(r.report.warnings.map((m) => m.origin)).toContain('quotes:unattributed');
  });

  it('analyze offsets point into the article text when runs carry no source', () => {
    const r = run(article(['Intro line.', '“We are ready,” said Anna Lavrova.']));
    const body = articleText(r.article);
    const result = r.quotes[0]!;
    expect(result.start).toBe('Intro line.\n'.length);
    expect(body.slice(result.start, result.end)).toBe(result.text);
    expect(body.slice(result.mention!.start, result.mention!.end)).toBe('Anna Lavrova');
  });
});
