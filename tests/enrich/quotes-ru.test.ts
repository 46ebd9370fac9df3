import { describe, expect, it } from 'vitest';
import { article, quoteInlines, run } from './quotes-article.js';

// A constructed Russian news report: every Russian rule of the issue, with real inflection.
const r = run(
  article(
    [
      '«Переговоры прошли конструктивно», — заявил министр иностранных дел России Сергей Лавров.',
      '«Мы готовы продолжать диалог», — добавил он.',
      'Официальный представитель МИД Мария Захарова заявила журналистам: «Никаких уступок не будет».',
      '«Это провокация», — отметила она.',
      'Пресс-секретарь президента Дмитрий Песков: «Кремль не комментирует слухи».',
      'По словам Захаровой, «ответ будет симметричным».',
      'Как сообщил Лавров, «следующая встреча пройдёт в Женеве».',
      'Лавров назвал переговоры «конструктивными».',
      'Лавров также заявил, что «санкции не работают».',
      '«Мы всё равно найдём решение. Так было всегда».',
      '«Это была очень полезная дискуссия», — подчеркнул российский дипломат.',
      '«Решение ещё не принято», — сказал источник в ведомстве.',
      'Стороны также обсудили так называемую «зерновую сделку».',
      '«Он сказал мне: „Нет“», — рассказал Иванов.',
      '# Что дальше',
      '«Посмотрим, чем всё закончится».',
    ],
    'ru',
  ),
);

describe('Russian quotations', () => {
  it('«…», — заявил X, with the role before the name', () => {
    expect(r.speakerOf('Переговоры прошли')).toBe('Сергей Лавров');
    expect(r.kindOf('Переговоры прошли')).toBe('direct');
  });

  it('«…», — добавил он / отметила она: pronouns by grammatical gender', () => {
    expect(r.speakerOf('Мы готовы')).toBe('Сергей Лавров');
    expect(r.speakerOf('Это провокация')).toBe('Мария Захарова');
  });

  it('X заявил: «…» and X: «…»', () => {
    expect(r.speakerOf('Никаких уступок')).toBe('Мария Захарова');
    expect(r.speakerOf('Кремль не комментирует')).toBe('Дмитрий Песков');
  });

  it('по словам X and как сообщил X, with inflected names', () => {
    expect(r.speakerOf('ответ будет')).toBe('Мария Захарова');
    expect(r.speakerOf('следующая встреча')).toBe('Сергей Лавров');
  });

  it('X назвал … «…» and X заявил, что «…» are partial quotations', () => {
    expect(r.speakerOf('конструктивными')).toBe('Сергей Лавров');
    expect(r.kindOf('конструктивными')).toBe('partial');
    expect(r.speakerOf('санкции не работают')).toBe('Сергей Лавров');
    expect(r.kindOf('санкции не работают')).toBe('partial');
  });

  it('continues the previous speaker in the next paragraph', () => {
    expect(r.speakerOf('Мы всё равно')).toBe('Сергей Лавров');
  });

  it('resolves a description ("российский дипломат") by the roles seen with the name', () => {
    expect(r.speakerOf('Это была очень полезная')).toBe('Сергей Лавров');
  });

  it('leaves unnamed sources, terms and quotes after a heading without a speaker', () => {
    expect(r.speakerOf('Решение ещё не принято')).toBeNull();
    expect(r.kindOf('зерновую сделку')).toBe('other');
    expect(r.speakerOf('зерновую сделку')).toBeNull();
    expect(r.speakerOf('Посмотрим')).toBeNull();
  });

  it('nests „…“ inside «…»; the inner quote has no speaker', () => {
    expect(r.speakerOf('Он сказал мне')).toBe('Иванов');
    const inner = quoteInlines(r.article).find((q) => q.marks?.[0] === '„');
    expect(inner?.speakerId).toBeUndefined();
  });

  it('registers speakers under their nominative names', () => {
    const names = r.article.speakers.map((s) => s.name);
    expect(names).toEqual(['Сергей Лавров', 'Мария Захарова', 'Дмитрий Песков', 'Иванов']);
    const lavrov = r.article.speakers[0]!;
    expect(lavrov.roles).toContain('министр иностранных дел России');
    expect(lavrov.voiceSlot).toBe(1);
  });
});
