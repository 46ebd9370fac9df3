/** The images transform wired into exports: pictures embedded from the store, report.json, `readout report`. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

async function fixtureDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'readout-img-'));
  const png = await sharp({ create: { width: 64, height: 40, channels: 3, background: '#3366aa' } })
    .png()
    .toBuffer();
  writeFileSync(join(dir, 'harbour.png'), png);
  writeFileSync(
    join(dir, 'story.md'),
    [
      '---',
      'title: Harbour reopens',
      'lang: en',
      '---',
      '',
      'The harbour reopened on Monday after a week of storms kept every boat ashore.',
      '',
      '![Fishing boats leaving the harbour at dawn](harbour.png)',
      '',
      '![](IMG_0042.jpg "Crowds on the pier. Photo: Jane Roe/Agency")',
      '',
      '![A storm over the sea](http://10.0.0.1/storm.jpg)',
      '',
    ].join('\n'),
  );
  return dir;
}

describe('exports with images', () => {
  it('embeds local pictures, never shows a broken image, and writes report.json', async () => {
    const dir = await fixtureDir();
    const out = join(dir, 'out');
    const r = await runCli(['export', join(dir, 'story.md'), '--to', 'html', '--out', out]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const html = readFileSync(join(out, manifest.files[0].name), 'utf8');
    const doc = new JSDOM(html).window.document;
    const imgs = [...doc.querySelectorAll('img')];
    // Only the local picture could be had; it is embedded, not linked.
    expect(imgs).toHaveLength(1);
    expect(imgs[0]!.getAttribute('src')).toMatch(/^data:image\/(png|jpeg);base64,/);
    expect(imgs[0]!.getAttribute('alt')).toBe('Fishing boats leaving the harbour at dawn');
    // The refused remote picture keeps its alt as text; the caption-only figure keeps caption and credit.
    expect(doc.body.textContent).toContain('A storm over the sea');
    expect(doc.querySelector('.credit')?.textContent).toContain('Jane Roe/Agency');

    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(manifest.accessibilityReport).toBe('report.json');
    const images = report.images as { alt: string; altSource: string; flags: string[] }[];
    expect(images).toHaveLength(3);
    expect(images[1]).toMatchObject({ altSource: 'caption', alt: 'Crowds on the pier.' });
    expect(images[2]!.flags).toContain('fetch_failed');
    expect(r.stderr).toMatch(/images:/);
  });

  it('refuses local pictures outside the input folder', async () => {
    const dir = await fixtureDir();
    writeFileSync(
      join(dir, 'escape.md'),
      '# Escape\n\nA paragraph of text for the story.\n\n![Secret](../etc/passwd)\n',
    );
    const r = await runCli(['report', join(dir, 'escape.md')]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.images[0].flags).toContain('fetch_failed');
  });
});
