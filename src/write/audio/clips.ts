/**
 * The clips to speak: one per voice run of each sentence of the SSML script (the same script, sentences
 * and voices as the SSML writer), each a complete eSpeak SSML document written by the SSML writer's own
 * emitter and dialect. Speaking runs apart gives every sentence and every voice change a measured start and
 * end, and lets each voice be brought to the same loudness.
 */
import type { Article } from '../../model/schema.js';
import { dialects } from '../ssml/dialects/index.js';
import { type Atom, Emitter, type Layout } from '../ssml/emit.js';
import { XmlCache, XmlSink } from '../ssml/serialize.js';
import { type SsmlDocument, type VoiceRef, writtenText } from '../ssml/tree.js';
import { type EngineVoices, engineLang } from '../ssml/voices.js';

export interface PlannedClip {
  /** Paragraph, sentence and run index in the script. */
  p: number;
  s: number;
  r: number;
  voice: VoiceRef;
  /** The engine voice ("female", "male:3"), undefined for the engine's default. */
  voiceName: string | undefined;
  /** The article's own words (as written), for transcripts. */
  text: string;
  /** The request in the eSpeak dialect. */
  ssml: string;
  lang: string;
}

export function planClips(doc: SsmlDocument, article: Article, voices: EngineVoices): PlannedClip[] {
  const lang = engineLang('espeak', article.lang);
  const layout: Layout = { doc, dialect: dialects.espeak, voices, lang };
  const sink = new XmlSink(dialects.espeak.declaration, new XmlCache());
  const clips: PlannedClip[] = [];
  doc.paragraphs.forEach((para, p) => {
    para.sentences.forEach((sentence, s) => {
      sentence.runs.forEach((run, r) => {
        const text = run.content.map((c) => writtenText(c.leaf)).join('');
        if (!run.content.length || !text.trim()) return;
        // Neither first nor last: no marks and no pauses, only the words in their voice.
        const atom: Atom = { p, s, voice: run.voice, content: run.content, first: false, last: false };
        const emitter = Emitter.start(layout, sink);
        emitter.append(atom);
        emitter.finish();
        clips.push({
          p,
          s,
          r,
          voice: run.voice,
          voiceName: voices.voiceFor(run.voice),
          text,
          ssml: sink.toString(),
          lang,
        });
      });
    });
  });
  return clips;
}
