/**
 * Small built-in lists for speech: abbreviations read out as words (`<sub alias>`), and acronyms that
 * are read as words rather than letter by letter. Hand-written: no installed library has them.
 */
import { subtags } from '../../model/lang.js';

export interface Abbreviation {
  written: string;
  alias: string;
  /** Can end a sentence (so a sentence break after it is kept). */
  terminal?: boolean;
  /** Only when the next word starts with a capital letter / a digit. */
  next?: 'capital' | 'digit';
  /** Only after a word that starts with a capital letter ("Baker St."). */
  prev?: 'capital';
}

const ABBREVIATIONS: Record<string, Abbreviation[]> = {
  en: [
    { written: 'Mr.', alias: 'Mister' },
    { written: 'Mrs.', alias: 'Missus' },
    { written: 'Ms.', alias: 'Miz' },
    { written: 'Dr.', alias: 'Doctor', next: 'capital' },
    { written: 'Prof.', alias: 'Professor', next: 'capital' },
    { written: 'St.', alias: 'Saint', next: 'capital' },
    { written: 'St.', alias: 'Street', prev: 'capital', terminal: true },
    { written: 'Mt.', alias: 'Mount', next: 'capital' },
    { written: 'Gen.', alias: 'General', next: 'capital' },
    { written: 'Sen.', alias: 'Senator', next: 'capital' },
    { written: 'Rep.', alias: 'Representative', next: 'capital' },
    { written: 'Gov.', alias: 'Governor', next: 'capital' },
    { written: 'Lt.', alias: 'Lieutenant', next: 'capital' },
    { written: 'Col.', alias: 'Colonel', next: 'capital' },
    { written: 'Sgt.', alias: 'Sergeant', next: 'capital' },
    { written: 'Capt.', alias: 'Captain', next: 'capital' },
    { written: 'Jr.', alias: 'Junior', prev: 'capital', terminal: true },
    { written: 'No.', alias: 'number', next: 'digit' },
    { written: 'vs.', alias: 'versus' },
    { written: 'e.g.', alias: 'for example' },
    { written: 'i.e.', alias: 'that is' },
    { written: 'etc.', alias: 'et cetera', terminal: true },
    { written: 'approx.', alias: 'approximately' },
  ],
  ru: [
    { written: 'т. е.', alias: 'то есть' },
    { written: 'т.е.', alias: 'то есть' },
    { written: 'т. д.', alias: 'так далее', terminal: true },
    { written: 'т.д.', alias: 'так далее', terminal: true },
    { written: 'т. п.', alias: 'тому подобное', terminal: true },
    { written: 'т.п.', alias: 'тому подобное', terminal: true },
    { written: 'напр.', alias: 'например' },
    { written: 'ул.', alias: 'улица', next: 'capital' },
    { written: 'им.', alias: 'имени', next: 'capital' },
    { written: 'проф.', alias: 'профессор', next: 'capital' },
    { written: 'г-н', alias: 'господин' },
    { written: 'г-жа', alias: 'госпожа' },
  ],
  uk: [
    { written: 'т. з.', alias: 'так званий' },
    { written: 'вул.', alias: 'вулиця', next: 'capital' },
    { written: 'ім.', alias: 'імені', next: 'capital' },
  ],
  fr: [
    { written: 'M.', alias: 'Monsieur', next: 'capital' },
    { written: 'MM.', alias: 'Messieurs', next: 'capital' },
    { written: 'Mme', alias: 'Madame', next: 'capital' },
    { written: 'Mmes', alias: 'Mesdames', next: 'capital' },
    { written: 'Mlle', alias: 'Mademoiselle', next: 'capital' },
    { written: 'Dr', alias: 'Docteur', next: 'capital' },
    { written: 'p. ex.', alias: 'par exemple' },
    { written: 'c.-à-d.', alias: 'c’est-à-dire' },
    { written: 'etc.', alias: 'et cetera', terminal: true },
    { written: 'env.', alias: 'environ' },
  ],
  de: [
    { written: 'z. B.', alias: 'zum Beispiel' },
    { written: 'z.B.', alias: 'zum Beispiel' },
    { written: 'd. h.', alias: 'das heißt' },
    { written: 'd.h.', alias: 'das heißt' },
    { written: 'u. a.', alias: 'unter anderem', terminal: true },
    { written: 'usw.', alias: 'und so weiter', terminal: true },
    { written: 'bzw.', alias: 'beziehungsweise' },
    { written: 'vgl.', alias: 'vergleiche' },
    { written: 'ca.', alias: 'circa' },
    { written: 'Dr.', alias: 'Doktor', next: 'capital' },
    { written: 'Prof.', alias: 'Professor', next: 'capital' },
    { written: 'Nr.', alias: 'Nummer', next: 'digit' },
    { written: 'Hr.', alias: 'Herr', next: 'capital' },
  ],
  es: [
    { written: 'Sr.', alias: 'señor', next: 'capital' },
    { written: 'Sra.', alias: 'señora', next: 'capital' },
    { written: 'Srta.', alias: 'señorita', next: 'capital' },
    { written: 'Dr.', alias: 'doctor', next: 'capital' },
    { written: 'Dra.', alias: 'doctora', next: 'capital' },
    { written: 'p. ej.', alias: 'por ejemplo' },
    { written: 'etc.', alias: 'etcétera', terminal: true },
    { written: 'EE. UU.', alias: 'Estados Unidos', terminal: true },
    { written: 'Ud.', alias: 'usted' },
    { written: 'Uds.', alias: 'ustedes' },
    { written: 'núm.', alias: 'número', next: 'digit' },
  ],
};

const NONE: Abbreviation[] = [];

export function abbreviationsFor(lang: string): readonly Abbreviation[] {
  return ABBREVIATIONS[subtags(lang).primary] ?? NONE;
}

/**
 * Acronyms (2–5 capitals) that are read as words. Every other all-capital token of 2–5 letters is
 * read letter by letter (`<say-as interpret-as="characters">`).
 */
const READ_AS_WORDS = new Set([
  // international organisations, agencies and programmes
  'NATO',
  'OTAN',
  'NASA',
  'UNESCO',
  'UNICEF',
  'OPEC',
  'OPEP',
  'ASEAN',
  'NAFTA',
  'CERN',
  'FIFA',
  'UEFA',
  'FEMA',
  'OSHA',
  'ESA',
  'ONU',
  'UNO',
  'TASS',
  'DAX',
  'ISIS',
  'SWAT',
  'IKEA',
  // words that began as acronyms
  'AIDS',
  'SIDA',
  'COVID',
  'SARS',
  'MERS',
  'LASER',
  'RADAR',
  'SONAR',
  'SCUBA',
  'PIN',
  'GIF',
  'JPEG',
  'RAM',
  'ROM',
  // Russian
  'НАТО',
  'ООН',
  'МИД',
  'ТАСС',
  'ОПЕК',
  'ВУЗ',
  'ГУЛАГ',
  'ОМОН',
  'СПИД',
  'ГУМ',
  'ЦУМ',
  'МХАТ',
  'ЮНЕСКО',
]);

export function readAsWord(token: string): boolean {
  return READ_AS_WORDS.has(token);
}

const ROMAN = /^(?=[MDCLXVI])M{0,3}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$/;

/** Roman numerals ("II", "XIV") are not acronyms. */
export function isRomanNumeral(token: string): boolean {
  return ROMAN.test(token);
}
