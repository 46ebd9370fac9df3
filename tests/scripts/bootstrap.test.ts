import { describe, expect, it } from 'vitest';
import { installCommand, missingDeps, type SystemDep } from '../../scripts/bootstrap.mjs';
import { systemDeps } from '../../scripts/system-deps.mjs';

const deps: SystemDep[] = [
  { name: 'redis', bins: ['redis-server'], apt: 'redis-server', needFor: ['test'], why: 'queue tests' },
  { name: 'espeak', bins: ['espeak-ng'], apt: 'espeak-ng', needFor: ['test', 'start'], why: 'audio' },
  {
    name: 'fonts',
    bins: [],
    files: ['/usr/share/fonts/x.ttf'],
    apt: 'fonts-x',
    needFor: ['start'],
    why: 'pdf',
  },
];

describe('bootstrap system dependency check', () => {
  it('lists only the deps needed for the purpose and not present', () => {
    const present = { onPath: (b: string) => b === 'espeak-ng', exists: () => false };
    expect(missingDeps(deps, 'test', present).map((d) => d.name)).toEqual(['redis']);
    expect(missingDeps(deps, 'start', present).map((d) => d.name)).toEqual(['fonts']);
  });

  it('treats a dep as present when one of its files exists', () => {
    const present = { onPath: () => false, exists: (f: string) => f === '/usr/share/fonts/x.ttf' };
    expect(missingDeps(deps, 'start', present).map((d) => d.name)).toEqual(['espeak']);
  });

  it('prints one apt-get command naming each package once', () => {
    expect(installCommand([deps[0]!, deps[1]!, deps[0]!])).toBe(
      'apt-get update && apt-get install -y --no-install-recommends redis-server espeak-ng',
    );
  });

  it('has a well-formed project list', () => {
    for (const dep of systemDeps) {
      expect(dep.apt).toMatch(/^[a-z0-9.+-]+$/);
      expect(dep.bins.length + (dep.files?.length ?? 0)).toBeGreaterThan(0);
    }
  });
});
