import { describe, expect, it } from 'vitest';
import { article, run } from './quotes-article.js';

const nb = '\u00a0';
const q = (s: string) => `«${nb}${s}${nb}»`;

const r = run(
  article(
    [
      `${q('Nous ne céderons pas')}, a déclaré le ministre de l’Intérieur, Jean Dupont.`,
      `${q('La situation est grave')}, estime-t-il.`,
      `Selon Marie Curie, porte-parole du gouvernement, ${q('aucune décision n’a été prise')}.`,
      `Marie Curie estime que ${q('la réforme est nécessaire')}.`,
      `La porte-parole a ajouté${nb}: ${q('Nous attendons le vote des députés.')}`,
      `${q('C’est inacceptable')}, a-t-elle lancé.`,
      `${q('Nous irons jusqu’au bout, quoi qu’il arrive.')}`,
      `${q('Rien ne change')}, a-t-il ajouté.`,
      `Le gouvernement considère que ces mesures visent les profils qui passent ${q('entre les mailles du filet')}.`,
      `Le texte, surnommé ${q('loi Dupont')} par ses opposants, prévoit des ${q('boîtes noires')}.`,
    ],
    'fr',
  ),
);

describe('French quotations', () => {
  it('« … », a déclaré X — with the name in apposition to the description', () => {
    expect(r.speakerOf('Nous ne céderons')).toBe('Jean Dupont');
    expect(r.kindOf('Nous ne céderons')).toBe('direct');
  });

  it('inverted pronouns: estime-t-il, a-t-elle lancé, a-t-il ajouté', () => {
    expect(r.speakerOf('La situation est grave')).toBe('Jean Dupont');
    expect(r.speakerOf('C’est inacceptable')).toBe('Marie Curie');
    expect(r.speakerOf('Rien ne change')).toBe('Jean Dupont');
  });

  it('selon X and X estime que « … »', () => {
    expect(r.speakerOf('aucune décision')).toBe('Marie Curie');
    expect(r.speakerOf('la réforme est nécessaire')).toBe('Marie Curie');
    expect(r.kindOf('la réforme est nécessaire')).toBe('partial');
  });

  it('resolves "la porte-parole" by the role given in apposition', () => {
    expect(r.speakerOf('Nous attendons')).toBe('Marie Curie');
  });

  it('continues the previous speaker in the next paragraph', () => {
    expect(r.speakerOf('Nous irons')).toBe('Marie Curie');
  });

  it('an institution named only by its noun speaks ("le gouvernement considère")', () => {
    expect(r.speakerOf('entre les mailles')).toBe('Gouvernement');
    expect(r.article.speakers.find((s) => s.name === 'Gouvernement')?.kind).toBe('organization');
  });

  it('nicknames and terms are other, without a speaker', () => {
    expect(r.kindOf('loi Dupont')).toBe('other');
    expect(r.speakerOf('loi Dupont')).toBeNull();
    expect(r.kindOf('boîtes noires')).toBe('other');
    expect(r.speakerOf('boîtes noires')).toBeNull();
  });
});
