import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseFetchUrl } from '../../src/net/url-policy.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('parseFetchUrl', () => {
  it.each([
    'file:///etc/passwd',
    'ftp://example.com/file',
    'gopher://example.com:70/_x',
    'javascript:alert(1)',
    'data:text/html,<p>x</p>',
    'ws://example.com/',
  ])('refuses the scheme of %s', (url) => {
    expect(codeOf(() => parseFetchUrl(url))).toBe('input/url-scheme');
  });

  it.each(['not a url', '', 'http://', 'https://exa mple.com/'])('refuses the unparseable %j', (url) => {
    expect(codeOf(() => parseFetchUrl(url))).toBe('input/url-invalid');
  });

  it('refuses credentials in the URL', () => {
    expect(codeOf(() => parseFetchUrl('https://user:secret@example.com/'))).toBe('input/url-credentials');
    expect(codeOf(() => parseFetchUrl('https://user@example.com/'))).toBe('input/url-credentials');
  });

  it('normalises numeric hosts so the address check sees the real address', () => {
    expect(parseFetchUrl('http://2130706433/').hostname).toBe('127.0.0.1');
    expect(parseFetchUrl('http://0x7f.0.0.1/').hostname).toBe('127.0.0.1');
    expect(parseFetchUrl('http://0177.0.0.1/').hostname).toBe('127.0.0.1');
    expect(parseFetchUrl('http://[::ffff:127.0.0.1]/').hostname).toBe('[::ffff:7f00:1]');
  });

  it('resolves a relative redirect against the current URL', () => {
    const base = new URL('https://news.test/a/b');
    expect(parseFetchUrl('../c?x=1', base).href).toBe('https://news.test/c?x=1');
    expect(codeOf(() => parseFetchUrl('file:///etc/passwd', base))).toBe('input/url-scheme');
  });
});
