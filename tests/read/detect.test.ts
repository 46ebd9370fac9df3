import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/read/detect.js';
import { corpusPages, corpusText } from '../helpers/corpus.js';

describe('detectFormat', () => {
  it('uses the file extension first', () => {
    expect(detectFormat('# not markdown really', 'a.txt')).toBe('text');
    expect(detectFormat('plain', 'story.md')).toBe('markdown');
    expect(detectFormat('{}', 'a.JSON')).toBe('json');
    expect(detectFormat('x', 'page.htm')).toBe('html');
  });

  it('detects every corpus page as HTML and the page dump as text', () => {
    for (const page of corpusPages())
      expect(detectFormat(corpusText('pages', page, 'source.html'))).toBe('html');
    expect(detectFormat(corpusText('meduza-lavrov-blinken.txt'))).toBe('text');
  });

  it('detects JSON, URLs and Markdown by content', () => {
    expect(detectFormat('  {"title": "x"}')).toBe('json');
    expect(detectFormat('https://example.org/news/1\n')).toBe('url');
    expect(detectFormat('---\ntitle: A\n---\n\nBody text.')).toBe('markdown');
    expect(detectFormat('# Title\n\nSome *text* with a [link](https://x.org).\n\n- one\n- two\n')).toBe(
      'markdown',
    );
  });

  it('keeps prose with a stray dash as text', () => {
    expect(detectFormat('A headline\n\nA paragraph - with a dash, and "quotes".\n\nStory by Someone')).toBe(
      'text',
    );
  });
});
