import { describe, expect, it } from 'vitest';
import { createHostAllowList } from '../../src/net/allow-hosts.js';

describe('createHostAllowList', () => {
  const list = createHostAllowList(['intranet.test', '*.corp.test', '10.0.0.5', '[fd00::1]', ' ']);

  it('matches exact names case-insensitively, ignoring a trailing dot', () => {
    expect(list.allowsHost('intranet.test')).toBe(true);
    expect(list.allowsHost('INTRANET.test.')).toBe(true);
    expect(list.allowsHost('www.intranet.test')).toBe(false);
  });

  it('matches subdomains of a *.domain entry but not the domain or look-alikes', () => {
    expect(list.allowsHost('wiki.corp.test')).toBe(true);
    expect(list.allowsHost('a.b.corp.test')).toBe(true);
    expect(list.allowsHost('corp.test')).toBe(false);
    expect(list.allowsHost('evilcorp.test')).toBe(false);
  });

  it('matches IP entries as literal hosts and as resolved addresses, in any spelling', () => {
    expect(list.allowsHost('10.0.0.5')).toBe(true);
    expect(list.allowsHost('[fd00:0::1]')).toBe(true);
    expect(list.allowsAddress('10.0.0.5')).toBe(true);
    expect(list.allowsAddress('10.0.0.6')).toBe(false);
    expect(list.allowsAddress('intranet.test')).toBe(false);
  });

  it('allows nothing when empty', () => {
    const empty = createHostAllowList([]);
    expect(empty.allowsHost('localhost')).toBe(false);
    expect(empty.allowsAddress('127.0.0.1')).toBe(false);
  });
});
