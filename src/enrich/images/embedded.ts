/**
 * Descriptions that photographers and agencies write into image files, read with exifr from the metadata
 * blocks sharp extracted (so the container format does not matter: JPEG, PNG, WebP, TIFF, AVIF):
 * the IPTC "Alt Text (Accessibility)" XMP field, IPTC Caption-Abstract, XMP dc:description and EXIF
 * ImageDescription, in that order.
 */
import * as exifrModule from 'exifr';
import type { SourceMetadata } from './normalise.js';

export type EmbeddedField = 'xmp:alt-text' | 'iptc:caption' | 'xmp:description' | 'exif:description';

export interface EmbeddedText {
  field: EmbeddedField;
  text: string;
}

/** What cameras and editing programs write by default: not a description of the picture. */
const BOILERPLATE =
  /^(?:(?:olympus|sony|samsung|nikon|canon|kodak|fujifilm|panasonic|pentax|casio|minolta|konica|ricoh|sanyo|lg|htc|huawei|xiaomi|apple|google|motorola|nokia|leica|hasselblad|dji|gopro)\b.*\b(?:camera|dsc|digital|image|photo)s?|digital\s+camera|camera|dsc|image|picture|photo|default|untitled|none|n\/a|description|dcim|screenshot|scan|scanned\s+image|created\s+with\s+.+|edited\s+with\s+.+|processed\s+with\s+.+|made\s+with\s+.+)$/i;

/**
 * exifr ships a CommonJS build (Node picks it: the default export holds the functions) and an ES build
 * (bundlers and vitest pick it: named exports only); take the functions from whichever was loaded.
 */
const exifr = {
  parse: exifrModule.parse ?? exifrModule.default.parse,
  sidecar: exifrModule.sidecar ?? exifrModule.default.sidecar,
};

function clean(text: string): string {
  return text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * exifr decodes IPTC text as Latin-1; modern files store UTF-8 (IPTC 1:90 = ESC % G). Re-decode when the
 * Latin-1 characters are exactly a valid UTF-8 byte sequence. Hand-written: exifr has no charset option.
 */
function repairUtf8(text: string): string {
  if (!/[\u0080-\u00ff]/.test(text) || [...text].some((c) => c.codePointAt(0)! > 0xff)) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An XMP language alternative (`rdf:Alt`): a string, `{lang, value}` or a list of them; the article's language first. */
function pickLangAlt(value: unknown, lang: string): string | undefined {
  if (typeof value === 'string') return value;
  const items = (Array.isArray(value) ? value : [value]).filter(isRecord);
  const texts = items
    .map((i) => ({ lang: typeof i.lang === 'string' ? i.lang.toLowerCase() : '', value: i.value }))
    .filter((i): i is { lang: string; value: string } => typeof i.value === 'string');
  const primary = lang.toLowerCase().split('-')[0]!;
  const byLang =
    texts.find((t) => t.lang === lang.toLowerCase()) ??
    texts.find((t) => t.lang.split('-')[0] === primary) ??
    texts.find((t) => t.lang === 'x-default') ??
    texts[0];
  return byLang?.value;
}

function usable(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const cleaned = clean(text);
  return cleaned && !BOILERPLATE.test(cleaned) && /\p{L}/u.test(cleaned) ? cleaned : undefined;
}

async function quietly<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch {
    // A damaged metadata block is not a reason to lose the picture.
    return undefined;
  }
}

/** Every embedded description found, best first (empty when the file carries none). */
export async function readEmbeddedTexts(metadata: SourceMetadata, lang: string): Promise<EmbeddedText[]> {
  const out: EmbeddedText[] = [];
  const add = (field: EmbeddedField, text: string | undefined): void => {
    const value = usable(text);
    if (value && !out.some((o) => o.text === value)) out.push({ field, text: value });
  };
  // Buffers only: given a string, exifr would read a file or fetch a URL.
  const xmp: unknown = metadata.xmp
    ? await quietly(() => exifr.sidecar(Buffer.from(metadata.xmp!), {}, 'xmp'))
    : undefined;
  const iptc: unknown = metadata.iptc
    ? await quietly(() => exifr.sidecar(Buffer.from(metadata.iptc!), {}, 'iptc'))
    : undefined;
  const exif = metadata.exif ? metadata.exif : undefined;
  const tiff: unknown =
    exif && exif.length > 14
      ? await quietly(() =>
          exifr.parse(Buffer.from(exif.subarray(isExifHeader(exif) ? 6 : 0)), {
            ifd0: { pick: ['ImageDescription'] },
            exif: false,
            gps: false,
            interop: false,
            ifd1: false,
          }),
        )
      : undefined;

  const core = isRecord(xmp) && isRecord(xmp.Iptc4xmpCore) ? xmp.Iptc4xmpCore : undefined;
  add('xmp:alt-text', core ? pickLangAlt(core.AltTextAccessibility, lang) : undefined);
  const caption = isRecord(iptc) ? iptc.Caption : undefined;
  add('iptc:caption', typeof caption === 'string' ? repairUtf8(caption) : undefined);
  const dc = isRecord(xmp) && isRecord(xmp.dc) ? xmp.dc : undefined;
  add('xmp:description', dc ? pickLangAlt(dc.description, lang) : undefined);
  const description = isRecord(tiff) ? tiff.ImageDescription : undefined;
  add('exif:description', typeof description === 'string' ? description : undefined);
  return out;
}

function isExifHeader(bytes: Uint8Array): boolean {
  return bytes[0] === 0x45 && bytes[1] === 0x78 && bytes[2] === 0x69 && bytes[3] === 0x66;
}
