import sharp, { type Sharp } from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearNormaliseCache,
  EPUB_MAX_PX,
  normaliseImage,
  PRINT_MAX_PX,
} from '../../src/enrich/images/normalise.js';
import { sniffImageType } from '../../src/enrich/images/sniff.js';
import { InputError, UnsupportedError } from '../../src/errors.js';
import { canvas, jpeg, jpegWithXmp, rotatedJpeg } from './images-fixtures.js';

beforeEach(() => clearNormaliseCache());

async function pixel(bytes: Uint8Array, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

describe('sniffImageType: the type comes from the bytes', () => {
  it('recognises each format by its magic numbers, whatever the name says', async () => {
    const base = canvas(16, 16);
    expect(sniffImageType(await base.clone().jpeg().toBuffer())).toBe('jpeg');
    expect(sniffImageType(await base.clone().png().toBuffer())).toBe('png');
    expect(sniffImageType(await base.clone().gif().toBuffer())).toBe('gif');
    expect(sniffImageType(await base.clone().webp().toBuffer())).toBe('webp');
    expect(sniffImageType(await base.clone().avif().toBuffer())).toBe('avif');
    expect(sniffImageType(await base.clone().tiff().toBuffer())).toBe('tiff');
    expect(
      sniffImageType(
        Buffer.from('<?xml version="1.0"?>\n<!-- x -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'),
      ),
    ).toBe('svg');
    // HEIC: an ISO-BMFF `ftyp` box with a HEVC brand.
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic')]);
    expect(sniffImageType(heic)).toBe('heic');
  });

  it('refuses text and HTML error pages', () => {
    expect(sniffImageType(Buffer.from('<!doctype html><html><body>Not found</body></html>'))).toBeUndefined();
    expect(sniffImageType(Buffer.from('just text'))).toBeUndefined();
    expect(sniffImageType(new Uint8Array(0))).toBeUndefined();
  });
});

describe('normaliseImage', () => {
  it('keeps JPEG as JPEG and PNG as PNG, with width and height', async () => {
    const j = await normaliseImage(await jpeg(300, 200));
    expect(j.print).toMatchObject({ mediaType: 'image/jpeg', width: 300, height: 200 });
    expect(sniffImageType(j.print.bytes)).toBe('jpeg');
    const p = await normaliseImage(await canvas(64, 64, true).png().toBuffer());
    expect(p.print.mediaType).toBe('image/png');
    expect(sniffImageType(p.print.bytes)).toBe('png');
  });

  it.each([
    ['webp', (s: Sharp) => s.webp()],
    ['avif', (s: Sharp) => s.avif()],
    ['tiff', (s: Sharp) => s.tiff({ compression: 'deflate' })],
  ] as const)('converts %s to JPEG (opaque) or PNG (transparent)', async (_name, encode) => {
    const opaque = await normaliseImage(await encode(canvas(90, 60)).toBuffer());
    expect(opaque.print.mediaType).toBe('image/jpeg');
    expect(sniffImageType(opaque.print.bytes)).toBe('jpeg');
    expect([opaque.print.width, opaque.print.height]).toEqual([90, 60]);
    const transparent = await normaliseImage(await encode(canvas(90, 60, true)).toBuffer());
    expect(transparent.print.mediaType).toBe('image/png');
    expect((await sharp(transparent.print.bytes).metadata()).hasAlpha).toBe(true);
  });

  it('keeps an animated GIF animated, and turns a still GIF into PNG', async () => {
    const frames = await Promise.all([
      canvas(40, 30).png().toBuffer(),
      sharp({ create: { width: 40, height: 30, channels: 3, background: '#0a0' } })
        .png()
        .toBuffer(),
    ]);
    const animated = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    const g = await normaliseImage(animated);
    expect(g.animated).toBe(true);
    expect(g.print).toMatchObject({ mediaType: 'image/gif', width: 40, height: 30 });
    expect((await sharp(g.print.bytes).metadata()).pages).toBe(2);
    const still = await normaliseImage(await canvas(40, 30).gif().toBuffer());
    expect(still.print.mediaType).toBe('image/png');
    expect(sniffImageType(still.print.bytes)).toBe('png');
  });

  it('applies the EXIF orientation, then strips it', async () => {
    const source = await rotatedJpeg();
    const meta = await sharp(source).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([80, 120, 6]);
    const out = await normaliseImage(source);
    expect([out.print.width, out.print.height]).toEqual([120, 80]);
    expect([out.sourceWidth, out.sourceHeight]).toEqual([120, 80]);
    // Upright again: red on the left, blue on the right.
    const [lr, , lb] = await pixel(out.print.bytes, 5, 40);
    const [rr, , rb] = await pixel(out.print.bytes, 114, 40);
    expect(lr).toBeGreaterThan(lb!);
    expect(rb).toBeGreaterThan(rr!);
    expect((await sharp(out.print.bytes).metadata()).orientation).toBeUndefined();
  });

  it('strips metadata after reading it', async () => {
    const source = await jpegWithXmp({ description: 'A lighthouse on a cliff at dusk.' });
    expect((await sharp(source).metadata()).xmp).toBeDefined();
    const out = await normaliseImage(source);
    expect(out.metadata.xmp).toBeDefined();
    const meta = await sharp(out.print.bytes).metadata();
    expect(meta.xmp).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
  });

  it('scales to at most 2000 px for print and 1600 px for EPUB, never enlarging', async () => {
    const big = await normaliseImage(await jpeg(3000, 1500));
    expect([big.print.width, big.print.height]).toEqual([PRINT_MAX_PX, 1000]);
    expect([big.epub.width, big.epub.height]).toEqual([EPUB_MAX_PX, 800]);
    const tall = await normaliseImage(await jpeg(500, 2600));
    expect(Math.max(tall.print.width, tall.print.height)).toBe(PRINT_MAX_PX);
    const small = await normaliseImage(await jpeg(300, 200));
    expect([small.print.width, small.print.height]).toEqual([300, 200]);
    expect(small.epub).toBe(small.print);
  });

  it('gives the same bytes for the same image, with or without the cache', async () => {
    const source = await jpeg(400, 300);
    const first = await normaliseImage(source);
    const cached = await normaliseImage(Buffer.from(source));
    expect(cached).toBe(first);
    clearNormaliseCache();
    const again = await normaliseImage(source);
    expect(again).not.toBe(first);
    expect(Buffer.from(again.print.bytes).equals(Buffer.from(first.print.bytes))).toBe(true);
    expect(again.sha256).toBe(first.sha256);
    const other = await normaliseImage(await jpeg(401, 300));
    expect(other.sha256).not.toBe(first.sha256);
  });

  it('handles a 1×1 pixel', async () => {
    const out = await normaliseImage(await canvas(1, 1).png().toBuffer());
    expect([out.print.width, out.print.height]).toEqual([1, 1]);
  });

  it('refuses a broken file with an InputError', async () => {
    const good = await jpeg(200, 200);
    const broken = good.subarray(0, 200);
    await expect(normaliseImage(broken)).rejects.toBeInstanceOf(InputError);
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]);
    await expect(normaliseImage(garbage)).rejects.toBeInstanceOf(InputError);
  });

  it('refuses unknown and undecodable formats with an UnsupportedError', async () => {
    await expect(normaliseImage(Buffer.from('<html>404</html>'))).rejects.toBeInstanceOf(UnsupportedError);
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic\0\0\0\0mif1heic'),
      Buffer.alloc(64),
    ]);
    const error = await normaliseImage(heic).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedError);
    expect((error as Error).message).toContain('image/heic');
  });

  it('rasterises SVG to PNG (librsvg: no scripts, no external resources)', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><script>alert(1)</script>' +
        '<rect width="100" height="50" fill="#0a0"/></svg>',
    );
    const out = await normaliseImage(svg);
    expect(out.sourceType).toBe('svg');
    expect(out.print.mediaType).toBe('image/png');
    // Rendered at twice its intrinsic size for print sharpness.
    expect([out.print.width, out.print.height]).toEqual([200, 100]);
    const [r, g] = await pixel(out.print.bytes, 50, 25);
    expect(g).toBeGreaterThan(r!);
  });
});
