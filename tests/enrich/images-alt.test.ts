import { describe, expect, it } from 'vitest';
import {
  isBareCredit,
  isTrackingPixel,
  isTruncatedCopy,
  limitAlt,
  MAX_ALT_LENGTH,
  rejectAlt,
  sentences,
  splitCredit,
} from '../../src/enrich/images/alt-text.js';
import { chooseAlt } from '../../src/enrich/images/choose-alt.js';
import { missingAltText } from '../../src/enrich/images/missing-text.js';
import type { Figure } from '../../src/model/schema.js';
import { inlineText } from '../../src/model/walk.js';
import { figure } from './images-fixtures.js';

const judgement = { title: 'Harbour reopens after the storm', src: 'https://cdn.example/img/IMG_4410.jpg' };

describe('rejectAlt: texts that cannot be an alt', () => {
  it.each([
    ['IMG_1234.jpg', 'filename'],
    ['DSC01234', 'filename'],
    ['_84456971_gettyimages-167501087', 'filename'],
    ['harbour-view.webp', 'filename'],
    ['IMG_4410', 'filename'],
    ['https://cdn.example/a.jpg', 'url'],
    ['www.example.com/photos/1', 'url'],
    ['image', 'generic'],
    ['Photo', 'generic'],
    ['placeholder', 'generic'],
    ['thumbnail 3', 'generic'],
    ['Featured image', 'generic'],
    ['Фото', 'generic'],
    ['Bild', 'generic'],
    ['Getty Images', 'credit'],
    ['AP Photo/Evan Vucci', 'credit'],
    ['Photo: Jane Doe', 'credit'],
    ['© Reuters', 'credit'],
    ['Russian Foreign Ministry / TASS / Scanpix / LETA', 'credit'],
    ['Фото: Максим Шеметов', 'credit'],
    ['Harbour reopens after the storm', 'title'],
    ['harbour reopens after the storm!', 'title'],
    ['   ', 'empty'],
    ['Photograph, no description available', 'placeholder'],
  ])('%s → %s', (text, reason) => {
    expect(rejectAlt(text, judgement)).toBe(reason);
  });

  it.each([
    'A ferry leaves the harbour at dawn',
    'Barack Obama',
    'Photo of the harbour master inspecting the new pier',
    'Sergey Lavrov and Antony Blinken shake hands',
    'Вид на порт после шторма',
  ])('accepts a description: %s', (text) => {
    expect(rejectAlt(text, judgement)).toBeUndefined();
  });

  it('rejects the figure’s own credit and its file name', () => {
    expect(rejectAlt('Jane Doe', { ...judgement, credit: 'Jane Doe' })).toBe('credit');
    expect(rejectAlt('harbour_pier_2', { title: 'x', src: 'https://e.example/harbour_pier_2.png' })).toBe(
      'filename',
    );
  });

  it('knows bare credits from sentences that name an agency', () => {
    expect(isBareCredit('Jane Doe/Reuters')).toBe(true);
    expect(isBareCredit('Reuters journalists wait outside the court in London')).toBe(false);
  });
});

describe('splitCredit', () => {
  it('moves a credit off the end of a caption or alt', () => {
    expect(splitCredit('Ferries return to the harbour. Photo: Jane Doe/Reuters')).toMatchObject({
      text: 'Ferries return to the harbour.',
      credit: 'Jane Doe/Reuters',
    });
    expect(splitCredit('Ferries return to the harbour. (Ellen M. Banner / The Example Times)')).toMatchObject(
      {
        text: 'Ferries return to the harbour.',
        credit: 'Ellen M. Banner / The Example Times',
      },
    );
    expect(splitCredit('Портовые краны. Фото: Иван Петров')).toMatchObject({
      text: 'Портовые краны.',
      credit: 'Иван Петров',
    });
    expect(splitCredit('A quiet harbour at dawn').credit).toBeUndefined();
  });
});

describe('limitAlt', () => {
  const first = 'U.S. Secretary of State Antony Blinken met Sergey Lavrov in Reykjavik on Wednesday evening.';
  const long = `${first} ${'The two ministers spoke for nearly two hours about arms control and embassies. '.repeat(3)}`;

  it('cuts at a sentence boundary, not after an abbreviation, and returns the full text', () => {
    const limited = limitAlt(long, 'en');
    expect(long.length).toBeGreaterThan(MAX_ALT_LENGTH);
    expect(limited.alt.length).toBeLessThanOrEqual(MAX_ALT_LENGTH);
    expect(limited.alt.startsWith(first)).toBe(true);
    expect(limited.alt.endsWith('.')).toBe(true);
    expect(limited.full).toBe(long.trim());
    expect(sentences('U.S. officials met Mr. Smith. Then they left.', 'en')).toHaveLength(2);
  });

  it('cuts one long sentence at a word boundary with an ellipsis', () => {
    const sentence = `${'word '.repeat(80)}end`;
    const limited = limitAlt(sentence, 'en');
    expect(limited.alt.length).toBeLessThanOrEqual(MAX_ALT_LENGTH);
    expect(limited.alt).toMatch(/word…$/);
  });

  it('leaves short texts alone', () => {
    expect(limitAlt('A ferry', 'en')).toEqual({ alt: 'A ferry' });
  });
});

describe('decorative and missing', () => {
  it('tells tracking pixels and spacers', () => {
    expect(isTrackingPixel({ width: 1, height: 1 }, 'https://t.example/p?id=1')).toBe(true);
    expect(isTrackingPixel({}, 'https://e.example/img/spacer.gif')).toBe(true);
    expect(isTrackingPixel({ width: 300, height: 200 }, 'https://e.example/harbour.jpg')).toBe(false);
  });

  it('says honestly that nothing describes the picture, in the article’s language', () => {
    expect(missingAltText('en', 'photo')).toBe('Photograph, no description available');
    for (const lang of ['ru', 'fr', 'de', 'es']) {
      expect(missingAltText(lang, 'photo')).not.toBe(missingAltText('en', 'photo'));
      expect(missingAltText(lang, 'image')).not.toBe(missingAltText(lang, 'photo'));
    }
    expect(missingAltText('de-AT', 'image')).toBe(missingAltText('de', 'image'));
    expect(missingAltText('xx', 'image')).toBe('Image, no description available');
  });

  it('treats a truncated copy of the caption as truncated', () => {
    expect(
      isTruncatedCopy(
        'A new Bill would require providers to store so-called ‘metadat',
        'A new Bill would require providers to store so-called ‘metadata’ for two years.',
      ),
    ).toBe(true);
    expect(isTruncatedCopy('A ferry leaves the harbour.', 'A ferry leaves the harbour.')).toBe(false);
  });
});

describe('chooseAlt: the order of sources', () => {
  const base = { title: 'Harbour reopens after the storm', lang: 'en', embedded: [] };
  const captioned = (text: string, extra: Partial<Figure> = {}): Figure =>
    figure('https://e.example/a.jpg', { caption: [{ type: 'text', text }], ...extra });

  it('1. uses the author’s alt when it is meaningful, moving a trailing credit to the figure', async () => {
    const { figure: f } = await chooseAlt(
      figure('https://e.example/a.jpg', {
        alt: 'Fishermen unload halibut at the dock. (Jane Doe / The Example Times)',
        altSource: 'author',
      }),
      base,
    );
    expect(f).toMatchObject({
      alt: 'Fishermen unload halibut at the dock.',
      altSource: 'author',
      credit: 'Jane Doe / The Example Times',
    });
  });

  it('2. falls back to the caption when the author’s alt is a file name, and says why', async () => {
    const out = await chooseAlt(
      captioned('Ferries return to the harbour.', { alt: 'IMG_2041.JPG', altSource: 'author' }),
      base,
    );
    expect(out.figure).toMatchObject({ alt: 'Ferries return to the harbour.', altSource: 'caption' });
    expect(out.notes.map((n) => n.origin)).toContain('images:alt-rejected:filename');
  });

  it('2. moves the caption’s credit to Figure.credit and shows the caption once', async () => {
    const out = await chooseAlt(captioned('Ferries return to the harbour. Photo: Jane Doe/Reuters'), base);
    expect(out.figure.credit).toBe('Jane Doe/Reuters');
    expect(inlineText(out.figure.caption!)).toBe('Ferries return to the harbour.');
    expect(out.figure.alt).toBe('Ferries return to the harbour.');
  });

  it('a caption that is only a credit is no caption and no alt', async () => {
    const out = await chooseAlt(captioned('Getty Images'), base);
    expect(out.figure.caption).toBeUndefined();
    expect(out.figure.credit).toBe('Getty Images');
    expect(out.figure.altSource).toBe('missing');
    expect(out.figure.alt).toBe('Photograph, no description available');
  });

  it('3. uses the embedded description when there is neither alt nor caption', async () => {
    const out = await chooseAlt(figure('https://e.example/a.jpg'), {
      ...base,
      embedded: [
        { field: 'iptc:caption', text: 'Cranes at the container terminal. REUTERS/Jane Doe' },
        { field: 'exif:description', text: 'Another text' },
      ],
    });
    expect(out.figure).toMatchObject({ alt: 'Cranes at the container terminal.', altSource: 'embedded' });
    expect(out.figure.credit).toBe('REUTERS/Jane Doe');
  });

  it('4. asks the describer only when nothing else describes the picture', async () => {
    let asked = 0;
    const describe = async () => {
      asked++;
      return 'A red ferry at a pier';
    };
    const withCaption = await chooseAlt(captioned('Ferries return.'), { ...base, describe });
    expect(withCaption.figure.altSource).toBe('caption');
    expect(asked).toBe(0);
    const bare = await chooseAlt(figure('https://e.example/a.jpg'), { ...base, describe });
    expect(bare.figure).toMatchObject({ alt: 'A red ferry at a pier', altSource: 'generated' });
    expect(asked).toBe(1);
  });

  it('a failing describer leaves an honest missing alt and a warning', async () => {
    const out = await chooseAlt(figure('https://e.example/a.jpg'), {
      ...base,
      describe: async () => {
        throw new Error('describer down');
      },
    });
    expect(out.figure.altSource).toBe('missing');
    expect(out.notes.map((n) => [n.origin, n.severity])).toEqual([
      ['images:describer-failed', 'warning'],
      ['images:missing-alt', 'warning'],
    ]);
  });

  it('5. tracking pixels, spacers, author-marked presentation images and icons are decorative', async () => {
    const pixel = await chooseAlt(
      figure('https://t.example/p.gif', { alt: 'tracker', altSource: 'author' }),
      {
        ...base,
        decoded: { width: 1, height: 1 },
      },
    );
    expect(pixel).toMatchObject({
      pixel: true,
      figure: { alt: '', altSource: 'decorative', decorative: true },
    });
    const presentation = await chooseAlt(figure('https://e.example/rule.png', { decorative: true }), base);
    expect(presentation.figure.altSource).toBe('decorative');
    const icon = await chooseAlt(figure('https://e.example/arrow.png'), {
      ...base,
      decoded: { width: 24, height: 24 },
    });
    expect(icon.figure).toMatchObject({ altSource: 'decorative', decorative: true, alt: '' });
    // A captioned picture is content, whatever the markup said.
    const captionedDecorative = await chooseAlt(captioned('The new pier.', { decorative: true }), base);
    expect(captionedDecorative.figure).toMatchObject({ altSource: 'caption', decorative: false });
  });

  it('6. missing: an honest placeholder and a warning', async () => {
    const out = await chooseAlt(figure('https://e.example/a.png'), { ...base, lang: 'ru' });
    expect(out.figure).toMatchObject({ altSource: 'missing', alt: missingAltText('ru', 'image') });
    expect(out.notes.at(-1)).toMatchObject({ origin: 'images:missing-alt', severity: 'warning' });
  });

  it('a truncated author alt gives way to the caption', async () => {
    const caption = 'A new Bill would require providers to store so-called metadata for two years.';
    const out = await chooseAlt(captioned(caption, { alt: caption.slice(0, 50), altSource: 'author' }), base);
    expect(out.figure).toMatchObject({ alt: caption, altSource: 'caption' });
    expect(out.notes.map((n) => n.origin)).toContain('images:alt-truncated');
  });

  it('cuts a long alt and keeps the full text as longDescription unless the caption shows it', async () => {
    const text = `The harbour master inspects the new pier. ${'Workers finished the concrete deck before the storm arrived last week. '.repeat(4)}`;
    const authored = await chooseAlt(
      figure('https://e.example/a.jpg', { alt: text, altSource: 'author' }),
      base,
    );
    expect(authored.figure.alt.length).toBeLessThanOrEqual(MAX_ALT_LENGTH);
    expect(authored.figure.longDescription).toBe(text.trim());
    const fromCaption = await chooseAlt(captioned(text), base);
    expect(fromCaption.figure.alt.length).toBeLessThanOrEqual(MAX_ALT_LENGTH);
    expect(fromCaption.figure.longDescription).toBeUndefined();
    expect(fromCaption.notes.map((n) => n.origin)).toContain('images:alt-too-long');
  });

  it('does not change its input', async () => {
    const input = captioned('Ferries return. Photo: Jane Doe/Reuters', {
      alt: 'IMG_1.jpg',
      altSource: 'author',
    });
    const copy = structuredClone(input);
    await chooseAlt(input, base);
    expect(input).toEqual(copy);
  });
});
