/**
 * The XMP metadata packet of a PDF (ISO 16684-1): Dublin Core title, creators, description, language,
 * publisher, subject and date; the PDF and XMP basic properties; and `pdfuaid:part` 1, the claim that the
 * file follows PDF/UA-1. Written by hand: it is a fixed template with escaped values.
 */

export interface XmpFields {
  title: string;
  lang: string;
  creators: string[];
  description?: string | undefined;
  publisher?: string | undefined;
  subjects: string[];
  /** The publication date (ISO 8601), when known. */
  date?: string | undefined;
  keywords?: string | undefined;
  producer: string;
  creatorTool: string;
  created: Date;
}

function xml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the characters XML 1.0 does not allow
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
  );
}

const li = (values: readonly string[], lang?: string) =>
  values.map((v) => `<rdf:li${lang ? ` xml:lang="${xml(lang)}"` : ''}>${xml(v)}</rdf:li>`).join('');

/** An XMP date: ISO 8601 with seconds and a time zone. */
export function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The XMP packet (UTF-8 text, to be stored uncompressed as the catalog's /Metadata). */
export function xmpPacket(f: XmpFields): string {
  const props: string[] = [
    '<dc:format>application/pdf</dc:format>',
    `<dc:title><rdf:Alt>${li([f.title], 'x-default')}</rdf:Alt></dc:title>`,
    `<dc:language><rdf:Bag>${li([f.lang])}</rdf:Bag></dc:language>`,
  ];
  if (f.creators.length) props.push(`<dc:creator><rdf:Seq>${li(f.creators)}</rdf:Seq></dc:creator>`);
  if (f.description)
    props.push(`<dc:description><rdf:Alt>${li([f.description], 'x-default')}</rdf:Alt></dc:description>`);
  if (f.publisher) props.push(`<dc:publisher><rdf:Bag>${li([f.publisher])}</rdf:Bag></dc:publisher>`);
  if (f.subjects.length) props.push(`<dc:subject><rdf:Bag>${li(f.subjects)}</rdf:Bag></dc:subject>`);
  if (f.date) props.push(`<dc:date><rdf:Seq>${li([f.date])}</rdf:Seq></dc:date>`);
  props.push(`<pdf:Producer>${xml(f.producer)}</pdf:Producer>`);
  if (f.keywords) props.push(`<pdf:Keywords>${xml(f.keywords)}</pdf:Keywords>`);
  const when = xmpDate(f.created);
  props.push(
    `<xmp:CreatorTool>${xml(f.creatorTool)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${when}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${when}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${when}</xmp:MetadataDate>`,
    '<pdfuaid:part>1</pdfuaid:part>',
  );
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
    ...props,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}
