import { describe, expect, it } from 'vitest';
import { detectLanguage, normaliseLang } from '../../src/read/language.js';

describe('detectLanguage', () => {
  it.each([
    [
      'en',
      'The council voted on Tuesday to close the old bridge for repairs that will take most of the year.',
    ],
    [
      'ru',
      'Городской совет во вторник проголосовал за закрытие старого моста на ремонт, который займёт почти год.',
    ],
    [
      'fr',
      'Le conseil municipal a voté mardi la fermeture du vieux pont pour des travaux qui dureront presque un an.',
    ],
    [
      'de',
      'Der Stadtrat hat am Dienstag beschlossen, die alte Brücke für Reparaturen fast ein Jahr lang zu sperren.',
    ],
    [
      'es',
      'El ayuntamiento votó el martes cerrar el viejo puente para unas obras que durarán casi todo el año.',
    ],
  ])('detects %s', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('gives up on text too short to tell', () => {
    expect(detectLanguage('OK')).toBeUndefined();
  });
});

describe('normaliseLang', () => {
  it('normalises case and separators', () => {
    expect(normaliseLang('en_us')).toBe('en-US');
    expect(normaliseLang('ZH-hant-tw')).toBe('zh-Hant-TW');
    expect(normaliseLang('not a tag')).toBeUndefined();
  });
});
