/** The content-stream pass: untagged graphics objects become artifacts, soft hyphens leave the ActualText. */
import { describe, expect, it } from 'vitest';
import { fixContentStream, operators, untaggedObjects } from '../../src/write/pdf/content-stream.js';

const ops = (src: string) => [...operators(src)].map((o) => o.op);

function balanced(src: string): boolean {
  let depth = 0;
  for (const op of ops(src)) {
    if (op === 'BDC' || op === 'BMC') depth++;
    else if (op === 'EMC' && --depth < 0) return false;
  }
  return depth === 0;
}

describe('operators', () => {
  it('reads operators and skips their operands, strings, names, arrays and comments', () => {
    const src = [
      '.24 0 0 -.24 0 841.92 cm q /G3 gs',
      '% BT in a comment is no operator',
      '/Span<</ActualText (a \\) BT (nested) EMC) >> BDC',
      'BT /F4 16 Tf 1 0 0 -1 8 33 Tm <002C> Tj [(x) -20 (y)] TJ ET EMC Q',
    ].join('\n');
    expect(ops(src)).toEqual(['cm', 'q', 'gs', 'BDC', 'BT', 'Tf', 'Tm', 'Tj', 'TJ', 'ET', 'EMC', 'Q']);
  });

  it('skips inline image data, whatever bytes it holds', () => {
    const src = 'q BI /W 2 /H 1 /CS /G /BPC 8 ID \x00BT\xffEMC\x01 EI Q';
    expect(ops(src)).toEqual(['q', 'BI', 'ID', 'Q']);
  });
});

describe('fixContentStream', () => {
  it('wraps text, paths, images and shadings outside marked content as artifacts', () => {
    const src = [
      'q 1 0 0 1 0 0 cm',
      'BT /F4 8 Tf 1 0 0 -1 300 20 Tm <0033> Tj ET',
      '0 0 595 842 re f',
      '/Im1 Do',
      '/Sh1 sh',
      'BI /W 1 /H 1 ID \x00 EI',
      'Q',
    ].join('\n');
    expect(untaggedObjects(src)).toEqual(['BT', 're', 'Do', 'sh', 'BI']);
    const { text, fixes } = fixContentStream(src);
    expect(fixes.artifacts).toBe(5);
    expect(untaggedObjects(text)).toEqual([]);
    expect(balanced(text)).toBe(true);
    expect(text).toContain(
      '/Artifact <</Type /Pagination>> BDC\nBT /F4 8 Tf 1 0 0 -1 300 20 Tm <0033> Tj ET\nEMC',
    );
    expect(text).toMatch(/\/Artifact BMC\s+0 0 595 842 re f\nEMC/);
    // Graphics state stays outside: q/cm/Q are not content.
    expect(text.startsWith('q 1 0 0 1 0 0 cm')).toBe(true);
  });

  it('leaves tagged content alone', () => {
    const src = '/P <</MCID 0 >>BDC\nBT /F4 8 Tf <0033> Tj ET\n0 0 1 1 re f\nEMC\n';
    const { text, fixes } = fixContentStream(src);
    expect(text).toBe(src);
    expect(fixes).toEqual({ artifacts: 0, softHyphens: 0 });
  });

  it('keeps an ActualText span inside an untagged text object within its artifact', () => {
    const src = 'BT /F4 8 Tf /Span<</ActualText (fl) >> BDC <0CF4> Tj EMC <0033> Tj ET';
    const { text } = fixContentStream(src);
    expect(untaggedObjects(text)).toEqual([]);
    expect(balanced(text)).toBe(true);
    expect(text).toMatch(/^\/Artifact <<\/Type \/Pagination>> BDC\nBT .* ET\nEMC$/s);
  });

  it('removes soft hyphens from ActualText: alone, in a ligature, as a literal string', () => {
    const src = [
      '/P <</MCID 1 >>BDC BT',
      '/Span<</ActualText <FEFF00AD> >> BDC 6 0 Td <0003> Tj EMC',
      '/Span<</ActualText <FEFF006600AD0066> >> BDC 6 0 Td <0CF1> Tj EMC',
      '/Span<</ActualText (\\376\\377\\000\\255) >> BDC 6 0 Td <0003> Tj EMC',
      '/Span<</ActualText (fl) >> BDC <0CF4> Tj EMC',
      'ET EMC',
    ].join('\n');
    const { text, fixes } = fixContentStream(src);
    expect(fixes.softHyphens).toBe(3);
    expect(text).not.toMatch(/00AD|\\255/);
    expect(text).toContain('/Span<</ActualText () >> BDC 6 0 Td <0003> Tj EMC');
    expect(text).toContain('/Span<</ActualText <FEFF00660066> >> BDC');
    expect(text).toContain('/Span<</ActualText (fl) >> BDC');
    expect(balanced(text)).toBe(true);
  });

  it('inside marked content, finds only whole operators: not in strings, hex strings, names or image data', () => {
    const src = [
      '/P <</MCID 7 >>BDC',
      'BT (EMC BDC \\( EMC) Tj <00 BDC 0E> Tj /EMCx 1 Tf ET',
      'q BI /W 1 /H 1 ID \x00EMC\x01 EI Q',
      'xEMC',
      'BT /F4 8 Tf <0044> Tj ET',
      'EMC',
      'BT /F4 8 Tf <0033> Tj ET',
    ].join('\n');
    const { text, fixes } = fixContentStream(src);
    // A false EMC would make the second text object an artifact, a false BDC would leave the last one
    // untagged: only the last one, after the real EMC, is page furniture.
    expect(fixes.artifacts).toBe(1);
    const wrapped = src.replace(
      'BT /F4 8 Tf <0033>',
      '/Artifact <</Type /Pagination>> BDC\nBT /F4 8 Tf <0033>',
    );
    expect(text).toBe(`${wrapped}\nEMC`);
    expect(untaggedObjects(text)).toEqual([]);
  });
});
