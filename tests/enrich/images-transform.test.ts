import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageStore, imagesTransform, processImages } from '../../src/enrich/images/index.js';
import { sniffImageType } from '../../src/enrich/images/sniff.js';
import { InputError } from '../../src/errors.js';
import type { FetchedResource, Fetcher } from '../../src/net/fetcher.js';
import { testCtx } from '../helpers/ctx.js';
import {
  articleWith,
  canvas,
  dataUri,
  figure,
  figuresOf,
  jpeg,
  jpegWithExifDescription,
  jpegWithIptc,
  jpegWithXmp,
} from './images-fixtures.js';

/** A fetcher serving a fixed table of URLs from memory, recording what was asked. */
function tableFetcher(table: Record<string, Uint8Array>, asked: string[] = []): Fetcher {
  return {
    async fetch(url, options): Promise<FetchedResource> {
      asked.push(url);
      const body = table[url];
      if (!body) throw new InputError('input/url-status', `Fetching ${url} failed: the server answered 404.`);
      if (options?.maxBytes !== undefined && body.length > options.maxBytes) {
        throw new InputError('input/url-too-large', `too large (${options.maxBytes})`);
      }
      return { url, status: 200, contentType: 'image/png', body };
    },
  };
}

describe('embedded descriptions (made in the test)', () => {
  it('an IPTC Caption-Abstract becomes the alt of a figure with no alt (altSource embedded)', async () => {
    const bytes = await jpegWithIptc('Fishing boats moored in Húsavík harbour at sunrise.');
    const ctx = testCtx();
    const out = await processImages(articleWith([figure(dataUri(bytes, 'image/jpeg'))]), ctx);
    expect(figuresOf(out)[0]).toMatchObject({
      alt: 'Fishing boats moored in Húsavík harbour at sunrise.',
      altSource: 'embedded',
      decorative: false,
    });
  });

  it('an XMP dc:description, and the IPTC accessibility alt text before it', async () => {
    const ctx = testCtx();
    const described = await jpegWithXmp({ description: 'A lighthouse on a cliff at dusk.' });
    const both = await jpegWithXmp({
      description: 'Lighthouse, Cape Ray, 2019. Photo: Jane Doe',
      altText: 'A white lighthouse on a grassy cliff under an orange sky.',
    });
    const out = await processImages(
      articleWith([figure(dataUri(described, 'image/jpeg')), figure(dataUri(both, 'image/jpeg'))]),
      ctx,
    );
    const [a, b] = figuresOf(out);
    expect(a).toMatchObject({ alt: 'A lighthouse on a cliff at dusk.', altSource: 'embedded' });
    expect(b).toMatchObject({
      alt: 'A white lighthouse on a grassy cliff under an orange sky.',
      altSource: 'embedded',
    });
  });

  it('EXIF ImageDescription, but not camera boilerplate', async () => {
    const ctx = testCtx();
    const good = await jpegWithExifDescription('Snow covers the market square in Bergen.');
    const boiler = await jpegWithExifDescription('OLYMPUS DIGITAL CAMERA');
    const out = await processImages(
      articleWith([figure(dataUri(good, 'image/jpeg')), figure(dataUri(boiler, 'image/jpeg'))]),
      ctx,
    );
    const [a, b] = figuresOf(out);
    expect(a).toMatchObject({ alt: 'Snow covers the market square in Bergen.', altSource: 'embedded' });
    expect(b).toMatchObject({ altSource: 'missing', alt: 'Photograph, no description available' });
  });

  it('the caption comes before the embedded description', async () => {
    const bytes = await jpegWithIptc('Embedded agency caption text.');
    const out = await processImages(
      articleWith([
        figure(dataUri(bytes, 'image/jpeg'), { caption: [{ type: 'text', text: 'The pier at noon.' }] }),
      ]),
      testCtx(),
    );
    expect(figuresOf(out)[0]).toMatchObject({ alt: 'The pier at noon.', altSource: 'caption' });
  });
});

describe('processImages', () => {
  it('stores print and EPUB variants by figure id, records the size, and leaves the input alone', async () => {
    const big = await jpeg(2400, 1200);
    const url = 'https://img.example/big.jpg';
    const ctx = testCtx({ fetcher: tableFetcher({ [url]: big }) });
    const input = articleWith([figure(url, { alt: 'A crane lifts a container', altSource: 'author' })]);
    const before = structuredClone(input);
    const out = await processImages(input, ctx);
    expect(input).toEqual(before);
    const f = figuresOf(out)[0]!;
    expect(f).toMatchObject({ width: 2000, height: 1000, altSource: 'author' });
    const stored = ctx.images!.get(f.id)!;
    expect(stored.print).toMatchObject({ width: 2000, height: 1000, mediaType: 'image/jpeg' });
    expect(stored.epub).toMatchObject({ width: 1600, height: 800 });
    expect(sniffImageType(stored.epub.bytes)).toBe('jpeg');
    expect(ctx.images!.dataUri(f.id, 'epub')).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(ctx.images!.fileName(f.id, 'print')).toMatch(/^images\/[0-9a-f]{16}\.jpg$/);
  });

  it('asks the fetcher for at most 15 MB per image', async () => {
    const url = 'https://img.example/huge.jpg';
    const ctx = testCtx({ fetcher: tableFetcher({ [url]: new Uint8Array(15 * 1024 * 1024 + 1) }) });
    await processImages(articleWith([figure(url)]), ctx);
    expect(ctx.report.warnings.map((w) => w.origin)).toContain('images:fetch-failed');
  });

  it('a failed fetch keeps the figure with its caption and alt, and warns', async () => {
    const ctx = testCtx({ fetcher: tableFetcher({}) });
    const out = await processImages(
      articleWith([
        figure('https://img.example/gone.jpg', {
          caption: [{ type: 'text', text: 'The old lighthouse keeper’s cottage.' }],
        }),
      ]),
      ctx,
    );
    const f = figuresOf(out)[0]!;
    expect(f).toMatchObject({ altSource: 'caption', alt: 'The old lighthouse keeper’s cottage.' });
    expect(ctx.images!.has(f.id)).toBe(false);
    expect(ctx.report.warnings).toEqual([
      expect.objectContaining({
        origin: 'images:fetch-failed',
        blockId: f.id,
        message: expect.stringContaining('404'),
      }),
    ]);
  });

  it('an unsupported or broken file keeps the figure and warns images:unsupported', async () => {
    const html = new TextEncoder().encode('<html><body>Not found</body></html>');
    const broken = (await jpeg(300, 300)).subarray(0, 300);
    const ctx = testCtx();
    const out = await processImages(
      articleWith([
        figure(dataUri(html, 'image/png'), { alt: 'A map of the harbour', altSource: 'author' }),
        figure(dataUri(broken, 'image/jpeg')),
      ]),
      ctx,
    );
    const [a, b] = figuresOf(out);
    expect(a).toMatchObject({ alt: 'A map of the harbour', altSource: 'author' });
    expect(b!.altSource).toBe('missing');
    expect(ctx.images!.size).toBe(0);
    expect(
      ctx.report.warnings.filter((w) => w.origin === 'images:unsupported').map((w) => w.blockId),
    ).toEqual([a!.id, b!.id]);
  });

  it('fetches at most 50 images per article and warns once', async () => {
    const small = await jpeg(20 * 3, 20 * 3);
    const table: Record<string, Uint8Array> = {};
    const figures = Array.from({ length: 53 }, (_, i) => {
      const url = `https://img.example/${i}.jpg`;
      table[url] = small;
      return figure(url, { caption: [{ type: 'text', text: `Picture number ${i} of the harbour.` }] });
    });
    const asked: string[] = [];
    const ctx = testCtx({ fetcher: tableFetcher(table, asked) });
    const out = await processImages(articleWith(figures), ctx);
    expect(asked).toHaveLength(50);
    expect(ctx.report.warnings.filter((w) => w.origin === 'images:too-many')).toHaveLength(1);
    // Every figure still has its text alternative.
    expect(figuresOf(out).every((f) => f.altSource === 'caption')).toBe(true);
    expect(ctx.images!.size).toBe(50);
  });

  it('fetches a picture used twice only once', async () => {
    const url = 'https://img.example/pier.jpg';
    const asked: string[] = [];
    const ctx = testCtx({ fetcher: tableFetcher({ [url]: await jpeg() }, asked) });
    const out = await processImages(articleWith([figure(url), figure(url)]), ctx);
    expect(asked).toEqual([url]);
    const [a, b] = figuresOf(out);
    expect(ctx.images!.get(a!.id)!.sha256).toBe(ctx.images!.get(b!.id)!.sha256);
  });

  it('a tracking pixel is decorative and not stored', async () => {
    const pixel = await canvas(1, 1).gif().toBuffer();
    const ctx = testCtx();
    const out = await processImages(
      articleWith([figure(dataUri(pixel, 'image/gif'), { alt: 'pixel.gif', altSource: 'author' })]),
      ctx,
    );
    const f = figuresOf(out)[0]!;
    expect(f).toMatchObject({ alt: '', altSource: 'decorative', decorative: true });
    expect(ctx.images!.has(f.id)).toBe(false);
  });

  it('converts a WebP picture from a data: URI to JPEG in the store', async () => {
    const webp = await canvas(80, 60).webp().toBuffer();
    const ctx = testCtx();
    const out = await processImages(articleWith([figure(dataUri(webp, 'image/webp'))]), ctx);
    expect(ctx.images!.variant(figuresOf(out)[0]!.id, 'print')?.mediaType).toBe('image/jpeg');
  });

  it('uses the context’s store and can run as a pipeline step', async () => {
    const ctx = testCtx();
    ctx.images = new ImageStore();
    const step = imagesTransform({ describer: null });
    const out = await step(articleWith([figure(dataUri(await jpeg(), 'image/jpeg'))]), ctx);
    expect(ctx.images.has(figuresOf(out)[0]!.id)).toBe(true);
  });

  it('gives the same article when run again on its own output', async () => {
    const input = articleWith([
      figure(dataUri(await jpegWithIptc('Gulls over the breakwater.'), 'image/jpeg')),
      figure('https://img.example/gone.jpg', { alt: 'IMG_1.jpg', altSource: 'author' }),
      figure('https://img.example/c.jpg', {
        caption: [{ type: 'text', text: 'The new pier. Photo: Jane Doe/Reuters' }],
      }),
    ]);
    const once = await processImages(input, testCtx({ fetcher: tableFetcher({}) }));
    const twice = await processImages(once, testCtx({ fetcher: tableFetcher({}) }));
    expect(twice).toEqual(once);
    expect(figuresOf(once).map((f) => f.altSource)).toEqual(['embedded', 'missing', 'caption']);
  });

  it('never reads local files without a base folder', async () => {
    const ctx = testCtx();
    await processImages(articleWith([figure('photos/pier.jpg'), figure('file:///etc/passwd')]), ctx);
    const warnings = ctx.report.warnings.filter((w) => w.origin === 'images:fetch-failed');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]!.message).toContain('local');
  });
});

describe('local image files (CLI inputs only)', () => {
  let root: string;
  let inputDir: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'readout-images-'));
    inputDir = join(root, 'article');
    mkdirSync(join(inputDir, 'photos'), { recursive: true });
    writeFileSync(join(inputDir, 'photos', 'pier one.jpg'), await jpeg(100, 50));
    writeFileSync(join(root, 'secret.jpg'), await jpegWithIptc('A file outside the input folder.'));
    symlinkSync(join(root, 'secret.jpg'), join(inputDir, 'photos', 'link.jpg'));
    symlinkSync(root, join(inputDir, 'up'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads images inside the input file’s folder', async () => {
    const ctx = testCtx();
    ctx.baseDir = inputDir;
    const out = await processImages(
      articleWith([figure('photos/pier%20one.jpg'), figure('./photos/pier one.jpg')]),
      ctx,
    );
    for (const f of figuresOf(out))
      expect(ctx.images!.variant(f.id, 'print')).toMatchObject({ width: 100, height: 50 });
    expect(ctx.report.warnings).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ origin: 'images:fetch-failed' })]),
    );
  });

  it.each([
    ['../secret.jpg', 'outside'],
    ['photos/../../secret.jpg', 'outside'],
    ['photos/link.jpg', 'links to a file outside'],
    ['up/secret.jpg', 'links to a file outside'],
    ['photos/none.jpg', 'does not exist'],
  ])('refuses %s', async (src, why) => {
    const ctx = testCtx();
    ctx.baseDir = inputDir;
    const out = await processImages(articleWith([figure(src)]), ctx);
    expect(ctx.images!.size).toBe(0);
    const warning = ctx.report.warnings.find((w) => w.origin === 'images:fetch-failed');
    expect(warning?.message).toContain(why);
    // The file outside carries an embedded caption: it must not have been read.
    expect(figuresOf(out)[0]!.altSource).toBe('missing');
  });

  it('refuses an absolute path outside the folder', async () => {
    const ctx = testCtx();
    ctx.baseDir = inputDir;
    await processImages(articleWith([figure(join(root, 'secret.jpg'))]), ctx);
    expect(ctx.images!.size).toBe(0);
  });

  it('decodes what it reads by its bytes, not its name', async () => {
    writeFileSync(
      join(inputDir, 'photos', 'really-png.jpg'),
      await sharp(await jpeg(30, 30))
        .png()
        .toBuffer(),
    );
    const ctx = testCtx();
    ctx.baseDir = inputDir;
    const out = await processImages(articleWith([figure('photos/really-png.jpg')]), ctx);
    expect(ctx.images!.variant(figuresOf(out)[0]!.id, 'print')?.mediaType).toBe('image/png');
  });
});
