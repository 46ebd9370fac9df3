/**
 * Speaker gender: set only where the article itself says it (honorifics, pronouns of attribution, gendered
 * verb forms), never for organisations, and absent when the text does not tell — so voices can match.
 */
import { describe, expect, it } from 'vitest';
import { article, run } from './quotes-article.js';

const genderOf = (r: ReturnType<typeof run>, name: string) =>
  r.article.speakers.find((s) => s.name.includes(name))?.gender;

describe('speaker gender from the text', () => {
  it('takes it from honorifics, and leaves it out when nothing says it', () => {
    const r = run(
      article([
        '"The bridge will reopen in May," said Ms. Alice Warner.',
        '"We expect delays until then," said Mr. Tom Brandt, who runs the ferry service.',
        '"Traffic is our main worry," said Robin Ellis, a council member.',
        '"We will review the plan," the Transport Agency said in a statement.',
      ]),
    );
    expect(genderOf(r, 'Warner')).toBe('female');
    expect(genderOf(r, 'Brandt')).toBe('male');
    expect(genderOf(r, 'Ellis')).toBeUndefined();
    const agency = r.article.speakers.find((s) => s.name.includes('Agency'));
    expect(agency?.gender).toBeUndefined();
  });

  it('takes it from the pronoun of a later attribution', () => {
    const r = run(
      article(['"The bridge will reopen in May," Alice Warner said. "It is late, but safe," she added.']),
    );
    expect(genderOf(r, 'Warner')).toBe('female');
  });

  it('takes it from Russian verb forms of attribution', () => {
    const r = run(
      article(
        [
          '«Мост откроют в мае», — сказала Алиса Варнер.',
          '«Задержки будут до тех пор», — заявил Томас Брандт.',
        ],
        'ru',
      ),
    );
    expect(genderOf(r, 'Варнер')).toBe('female');
    expect(genderOf(r, 'Брандт')).toBe('male');
  });
});
