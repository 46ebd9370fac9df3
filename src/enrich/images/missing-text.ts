/** The honest alt for a picture nobody described, in the article's language (English when it has no entry). */
import { lookupByLang } from '../../model/lang.js';

export type PictureKind = 'photo' | 'image';

const TEXTS: Record<string, Record<PictureKind, string>> = {
  en: { photo: 'Photograph, no description available', image: 'Image, no description available' },
  ru: { photo: 'Фотография, описание отсутствует', image: 'Изображение, описание отсутствует' },
  uk: { photo: 'Фотографія, опис відсутній', image: 'Зображення, опис відсутній' },
  fr: {
    photo: 'Photographie, aucune description disponible',
    image: 'Image, aucune description disponible',
  },
  de: { photo: 'Foto, keine Beschreibung verfügbar', image: 'Bild, keine Beschreibung verfügbar' },
  es: { photo: 'Fotografía, sin descripción disponible', image: 'Imagen, sin descripción disponible' },
  it: {
    photo: 'Fotografia, nessuna descrizione disponibile',
    image: 'Immagine, nessuna descrizione disponibile',
  },
  pt: { photo: 'Fotografia, sem descrição disponível', image: 'Imagem, sem descrição disponível' },
  nl: { photo: 'Foto, geen beschrijving beschikbaar', image: 'Afbeelding, geen beschrijving beschikbaar' },
  pl: { photo: 'Zdjęcie, brak opisu', image: 'Obraz, brak opisu' },
};

export function missingAltText(lang: string, kind: PictureKind): string {
  return (lookupByLang(TEXTS, lang) ?? TEXTS.en!)[kind];
}

/** Every localised placeholder (to recognise one in an article that was already processed). */
export const MISSING_ALT_TEXTS: ReadonlySet<string> = new Set(
  Object.values(TEXTS).flatMap((t) => [t.photo, t.image]),
);
