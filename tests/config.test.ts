import { describe, expect, it } from 'vitest';
import { ConfigError, configHelp, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.maxInputBytes).toBe(20 * 1024 * 1024);
    expect(c.fetchMaxRedirects).toBe(5);
    expect(c.fetchAllowHosts).toEqual([]);
  });

  it('reads and coerces the environment', () => {
    const c = loadConfig({
      PORT: '8080',
      READOUT_FETCH_ALLOW_HOSTS: 'cms.internal, *.example.org ',
      LOG_LEVEL: 'warn',
    });
    expect(c.port).toBe(8080);
    expect(c.fetchAllowHosts).toEqual(['cms.internal', '*.example.org']);
    expect(c.logLevel).toBe('warn');
  });

  it('stops with a message naming every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', READOUT_MAX_INPUT_BYTES: '-5', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT="eighty"/);
    expect(message).toMatch(/READOUT_MAX_INPUT_BYTES="-5"/);
    expect(message).toMatch(/LOG_LEVEL="loud"/);
  });

  it('documents every setting', () => {
    for (const s of configHelp()) expect(s.help.length).toBeGreaterThan(10);
  });
});
