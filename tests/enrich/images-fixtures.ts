/** Image fixtures made with sharp inside the tests (no binary files in the repository), and small articles. */
import sharp, { type Sharp } from 'sharp';
import type { Article, Figure } from '../../src/model/schema.js';
import { finalizeArticle } from '../../src/read/finalize.js';

/** A picture with some structure (red left half, blue right half), so scaling and rotation show in the pixels. */
export function canvas(width: number, height: number, alpha = false): Sharp {
  const channels = alpha ? 4 : 3;
  const red = alpha ? { r: 200, g: 30, b: 30, alpha: 0.5 } : { r: 200, g: 30, b: 30 };
  const blue = alpha ? { r: 30, g: 30, b: 200, alpha: 1 } : { r: 30, g: 30, b: 200 };
  const half = Math.max(1, Math.floor(width / 2));
  return sharp({ create: { width, height, channels, background: red } }).composite([
    { input: { create: { width: half, height, channels, background: blue } }, left: width - half, top: 0 },
  ]);
}

export async function jpeg(width = 120, height = 80): Promise<Buffer> {
  return canvas(width, height).jpeg().toBuffer();
}

export function xmpPacket(fields: { description?: string; altText?: string; lang?: string }): string {
  const lang = fields.lang ?? 'x-default';
  const alt = (tag: string, text: string) =>
    `<${tag}><rdf:Alt><rdf:li xml:lang="${lang}">${text}</rdf:li></rdf:Alt></${tag}>`;
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">' +
    (fields.description ? alt('dc:description', fields.description) : '') +
    (fields.altText ? alt('Iptc4xmpCore:AltTextAccessibility', fields.altText) : '') +
    '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
  );
}

/** An IPTC-IIM APP13 segment (Photoshop 3.0 / 8BIM 0x0404) holding Caption-Abstract (2:120) in UTF-8. */
function iptcSegment(caption: string): Buffer {
  const text = Buffer.from(caption, 'utf8');
  const utf8Marker = Buffer.from([0x1c, 1, 90, 0, 3, 0x1b, 0x25, 0x47]);
  const dataset = Buffer.concat([
    utf8Marker,
    Buffer.from([0x1c, 2, 120, (text.length >> 8) & 0xff, text.length & 0xff]),
    text,
  ]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(dataset.length);
  const resource = Buffer.concat([
    Buffer.from('8BIM'),
    Buffer.from([0x04, 0x04, 0x00, 0x00]),
    size,
    dataset,
    Buffer.alloc(dataset.length % 2),
  ]);
  const payload = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource]);
  const head = Buffer.from([0xff, 0xed, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** A JPEG with an IPTC Caption-Abstract, spliced in after the SOI marker. */
export async function jpegWithIptc(caption: string, width = 120, height = 80): Promise<Buffer> {
  const plain = await jpeg(width, height);
  return Buffer.concat([plain.subarray(0, 2), iptcSegment(caption), plain.subarray(2)]);
}

export async function jpegWithXmp(
  fields: { description?: string; altText?: string; lang?: string },
  width = 120,
  height = 80,
): Promise<Buffer> {
  return canvas(width, height).jpeg().withXmp(xmpPacket(fields)).toBuffer();
}

export async function jpegWithExifDescription(text: string): Promise<Buffer> {
  return canvas(120, 80)
    .jpeg()
    .withExif({ IFD0: { ImageDescription: text } })
    .toBuffer();
}

/** A 120×80 picture stored sideways, with EXIF orientation 6 ("rotate 90° clockwise to view"). */
export async function rotatedJpeg(): Promise<Buffer> {
  const upright = await canvas(120, 80).png().toBuffer();
  const sideways = await sharp(upright).rotate(-90).toBuffer();
  return sharp(sideways).jpeg().withMetadata({ orientation: 6 }).toBuffer();
}

export function dataUri(bytes: Uint8Array, type: string): string {
  return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
}

export function figure(src: string, extra: Partial<Figure> = {}): Figure {
  return { id: '', type: 'figure', src, alt: '', altSource: 'missing', decorative: false, ...extra };
}

/** A small finalized article holding the given figures between two paragraphs. */
export function articleWith(figures: Figure[], options: { title?: string; lang?: string } = {}): Article {
  return finalizeArticle({
    title: options.title ?? 'Harbour reopens after the storm',
    lang: options.lang ?? 'en',
    authors: [],
    translators: [],
    blocks: [
      {
        id: '',
        type: 'paragraph',
        children: [{ type: 'text', text: 'The harbour reopened on Monday after a week of repairs.' }],
      },
      ...figures,
      { id: '', type: 'paragraph', children: [{ type: 'text', text: 'Ferries will run every hour.' }] },
    ],
  });
}

export function figuresOf(article: Article): Figure[] {
  return article.blocks.filter((b): b is Figure => b.type === 'figure');
}
