/**
 * The optional image describer: an OpenAI-compatible vision chat-completions endpoint
 * (READOUT_DESCRIBER_URL, READOUT_DESCRIBER_KEY, READOUT_DESCRIBER_MODEL), asked only for pictures that have
 * no usable alt, caption or embedded description. Off unless configured. The endpoint is the operator's own
 * configuration, so it is called directly (not through the URL-input guard): it may well be a local model.
 */
import { fetch as undiciFetch } from 'undici';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { RenderError } from '../../errors.js';

export interface DescribeRequest {
  bytes: Uint8Array;
  mediaType: string;
  /** BCP 47 language the description must be written in. */
  lang: string;
}

export interface Describer {
  /** A short description of the picture, or undefined when the service gave none. Throws RenderError on failure. */
  describe(request: DescribeRequest): Promise<string | undefined>;
}

export interface ChatDescriberOptions {
  /** The chat-completions endpoint, or an API base such as `https://host/v1` (`/chat/completions` is added). */
  url: string;
  key?: string | undefined;
  model?: string | undefined;
  timeoutMs?: number;
  maxTokens?: number;
}

const ChatResponse = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.union([
            z.string(),
            z.null(),
            z.array(z.object({ type: z.string(), text: z.string().optional() })),
          ]),
        }),
      }),
    )
    .min(1),
});

function endpoint(url: string): string {
  const u = new URL(url);
  if (!/\/chat\/completions\/?$/.test(u.pathname)) {
    u.pathname = `${u.pathname.replace(/\/+$/, '')}/chat/completions`;
  }
  return u.href;
}

function languageName(lang: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}

const SYSTEM_PROMPT =
  'You write alt text for pictures in news articles, for people who cannot see them. Describe only what is ' +
  'visible: people (by appearance and action, never guessing who they are), place, objects, any text shown. ' +
  'One or two plain sentences, at most 200 characters. Do not start with "Image of" or "Photo of". Reply with ' +
  'the alt text only.';

/** Tidies a model's answer: quotes, "Alt text:" labels and "Image of" openings removed. */
export function tidyDescription(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:alt(?:ernative)?[\s-]*text|description)\s*[:：]\s*/i, '')
    .replace(/^["'“”«»„]+|["'“”«»„]+$/g, '')
    .replace(/^(?:an?\s+)?(?:image|photo(?:graph)?|picture)\s+(?:of|showing|shows)\s+/i, '')
    .replace(/^\p{Ll}/u, (c) => c.toUpperCase())
    .trim();
}

export function createChatDescriber(options: ChatDescriberOptions): Describer {
  const url = endpoint(options.url);
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    async describe({ bytes, mediaType, lang }) {
      const dataUri = `data:${mediaType};base64,${Buffer.from(bytes).toString('base64')}`;
      const body = {
        ...(options.model ? { model: options.model } : {}),
        temperature: 0,
        max_tokens: options.maxTokens ?? 160,
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          {
            role: 'user',
            content: [
              { type: 'text', text: `Write the alt text in ${languageName(lang)} (${lang}).` },
              { type: 'image_url', image_url: { url: dataUri } },
            ],
          },
        ],
      };
      let response: Awaited<ReturnType<typeof undiciFetch>>;
      try {
        response = await undiciFetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new RenderError(
          'render/describer-unreachable',
          `The image describer at ${url} did not answer.`,
          [],
          {
            cause: error,
          },
        );
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new RenderError('render/describer-status', `The image describer answered ${response.status}.`);
      }
      let json: unknown;
      try {
        json = await response.json();
      } catch (error) {
        throw new RenderError('render/describer-response', 'The image describer sent no JSON.', [], {
          cause: error,
        });
      }
      const parsed = ChatResponse.safeParse(json);
      if (!parsed.success) {
        throw new RenderError('render/describer-response', 'The image describer sent an unexpected answer.');
      }
      const content = parsed.data.choices[0]!.message.content;
      const text = Array.isArray(content)
        ? content.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join(' ')
        : (content ?? '');
      const tidy = tidyDescription(text);
      return tidy || undefined;
    },
  };
}

/** The describer configured by READOUT_DESCRIBER_*, or undefined when none is. */
export function describerFromConfig(config: Config): Describer | undefined {
  if (!config.describerUrl) return undefined;
  return createChatDescriber({
    url: config.describerUrl,
    key: config.describerKey,
    model: config.describerModel,
    timeoutMs: Math.max(config.fetchTimeoutMs, 30_000),
  });
}
