/**
 * One figure's alt text, in the fixed order (recorded in `altSource`): the page's own alt when it is
 * meaningful (`author`), the caption (`caption`), the file's embedded description (`embedded`), a configured
 * describer (`generated`), `decorative` for pixels, spacers and icons, else an honest placeholder (`missing`).
 * Credits found in captions, alts and embedded texts move to `Figure.credit`.
 */
import type { AltSource, Figure } from '../../model/schema.js';
import { inlineText } from '../../model/walk.js';
import { dropTrailingText } from '../../read/html/inlines.js';
import type { Severity } from '../../report.js';
import {
  type AltJudgement,
  isIconSized,
  isTrackingPixel,
  isTruncatedCopy,
  limitAlt,
  type PictureSize,
  rejectAlt,
  splitCredit,
} from './alt-text.js';
import type { EmbeddedText } from './embedded.js';
import { missingAltText } from './missing-text.js';
import { IMAGE_ORIGINS } from './origins.js';

export interface Note {
  origin: string;
  severity: Severity;
  message: string;
}

export interface AltInput {
  title: string;
  lang: string;
  /** Size of the decoded picture, when its bytes were read. */
  decoded?: PictureSize & { sourceType?: string };
  embedded: readonly EmbeddedText[];
  /** Asks the configured describer; absent when none is configured or there are no bytes. */
  describe?: () => Promise<string | undefined>;
}

export interface AltOutcome {
  figure: Figure;
  notes: Note[];
  /** A tracking pixel or spacer: writers should leave it out entirely. */
  pixel: boolean;
}

function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `"${t.length > 80 ? `${t.slice(0, 77)}…` : t}"`;
}

function sameText(a: string, b: string): boolean {
  const n = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  return n(a) === n(b);
}

const REJECTION_WORDS: Record<string, string> = {
  filename: 'is a file name',
  url: 'is an address',
  generic: 'says only that there is a picture',
  credit: 'is only a credit',
  title: 'repeats the article title',
  placeholder: 'is a placeholder',
  empty: 'is empty',
};

/** Moves a credit printed at the end of the caption to `figure.credit`. */
function moveCaptionCredit(figure: Figure, notes: Note[]): void {
  if (!figure.caption) return;
  const text = inlineText(figure.caption);
  const split = splitCredit(text);
  if (!split.credit || (figure.credit && !sameText(figure.credit, split.credit))) return;
  if (/[\p{L}\p{N}]/u.test(split.text)) {
    figure.caption = dropTrailingText(structuredClone(figure.caption), split.cut);
    notes.push({
      origin: IMAGE_ORIGINS.captionCredit,
      severity: 'info',
      message: `Credit ${quote(split.credit)} moved out of the caption.`,
    });
  } else {
    delete figure.caption;
    notes.push({
      origin: IMAGE_ORIGINS.captionCreditOnly,
      severity: 'info',
      message: `The caption was only a credit (${quote(split.credit)}).`,
    });
  }
  figure.credit ??= split.credit;
}

export async function chooseAlt(input: Figure, context: AltInput): Promise<AltOutcome> {
  const figure: Figure = structuredClone(input);
  const notes: Note[] = [];
  moveCaptionCredit(figure, notes);
  const captionText = figure.caption ? inlineText(figure.caption).replace(/\s+/g, ' ').trim() : '';
  const size: PictureSize = context.decoded ?? { width: figure.width, height: figure.height };
  const judgement = (): AltJudgement => ({ title: context.title, credit: figure.credit, src: figure.src });

  const decorative = (pixel: boolean): AltOutcome => {
    figure.alt = '';
    figure.altSource = 'decorative';
    figure.decorative = true;
    return { figure, notes, pixel };
  };
  const accept = (text: string, source: AltSource): AltOutcome => {
    const limited = limitAlt(text, context.lang);
    figure.alt = limited.alt;
    figure.altSource = source;
    figure.decorative = false;
    if (limited.full) {
      notes.push({
        origin: IMAGE_ORIGINS.altTooLong,
        severity: 'info',
        message: `The ${source} text is ${limited.full.length} characters; the alt keeps the first ${limited.alt.length}.`,
      });
      // The full text goes to the long description unless the caption already shows it.
      if (!figure.longDescription && !(captionText && sameText(limited.full, captionText))) {
        figure.longDescription = limited.full;
      }
    }
    return { figure, notes, pixel: false };
  };
  const rejected = (text: string, what: string): boolean => {
    const reason = rejectAlt(text, judgement());
    if (reason && reason !== 'empty') {
      notes.push({
        origin: `${IMAGE_ORIGINS.altRejected}:${reason}`,
        severity: 'info',
        message: `${what} ${quote(text)} ${REJECTION_WORDS[reason]}; not used as alt text.`,
      });
    }
    return reason !== undefined;
  };
  /** A text with any trailing credit moved to the figure. */
  const withoutCredit = (text: string): string => {
    const split = splitCredit(text);
    if (split.credit && !figure.credit) figure.credit = split.credit;
    return split.credit && !/[\p{L}\p{N}]/u.test(split.text) ? split.credit : split.text;
  };

  // Tracking pixels and spacers; an author's explicit "presentation" on a picture without a caption.
  if (isTrackingPixel(size, figure.src)) return decorative(true);
  if ((input.decorative || input.altSource === 'decorative') && !captionText) return decorative(false);

  // 1. The page's own alt.
  if (input.altSource === 'author' && input.alt.trim()) {
    const alt = withoutCredit(input.alt);
    if (captionText && isTruncatedCopy(alt, captionText)) {
      notes.push({
        origin: IMAGE_ORIGINS.altTruncated,
        severity: 'info',
        message: `The page's alt text ${quote(alt)} is the caption cut short; the caption is used.`,
      });
    } else if (!rejected(alt, "The page's alt text")) return accept(alt, 'author');
  }
  // An alt made by an earlier run (JSON input), still acceptable.
  if ((input.altSource === 'embedded' || input.altSource === 'generated') && input.alt.trim()) {
    if (!rejectAlt(input.alt, judgement())) return accept(input.alt, input.altSource);
  }
  // 2. The caption.
  if (captionText && !rejected(captionText, 'The caption')) return accept(captionText, 'caption');
  // 3. The description written into the file.
  for (const embedded of context.embedded) {
    const text = withoutCredit(embedded.text);
    if (!rejected(text, `The embedded ${embedded.field} text`)) return accept(text, 'embedded');
  }
  // Icons with nothing to say (decided before paying a describer for them).
  if (isIconSized(size)) return decorative(false);
  // 4. A configured describer.
  if (context.describe) {
    try {
      const text = await context.describe();
      if (text && !rejected(text, 'The generated description')) {
        notes.push({
          origin: IMAGE_ORIGINS.generated,
          severity: 'info',
          message: 'Alt text written by the configured image describer.',
        });
        return accept(text, 'generated');
      }
    } catch (error) {
      notes.push({
        origin: IMAGE_ORIGINS.describerFailed,
        severity: 'warning',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  // 5. Nothing: an honest placeholder, and a warning.
  const photo = Boolean(figure.credit) || context.decoded?.sourceType === 'jpeg';
  figure.alt = missingAltText(context.lang, photo ? 'photo' : 'image');
  figure.altSource = 'missing';
  figure.decorative = false;
  notes.push({
    origin: IMAGE_ORIGINS.missingAlt,
    severity: 'warning',
    message: 'The image has no alt text, caption or embedded description.',
  });
  return { figure, notes, pixel: false };
}
