import { promises as fs } from 'node:fs';
import { extname } from 'node:path';
import { DspyError } from '../errors/dspy-error';
import type { ContentPart } from '../lm/messages';
import { customTypeMarker, type OpenAIContentBlock } from './custom-type-parts';

/** Magic bytes → MIME type, for images DSPy and vision models commonly take. */
const SIGNATURES: readonly (readonly [mime: string, test: (b: Uint8Array) => boolean])[] = [
  ['image/png', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => ascii(b, 0, 4) === 'GIF8'],
  ['image/webp', (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP'],
  ['image/bmp', (b) => ascii(b, 0, 2) === 'BM'],
];
const EXTENSIONS: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
};

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}

/**
 * The MIME type of image bytes from their magic bytes, or `undefined` when unknown.
 *
 * @example
 * sniffImageMime(readFileSync('cat.png')); // 'image/png'
 */
export function sniffImageMime(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find(([, test]) => test(bytes))?.[0];
}

// DSPy's `is_url` takes http, https and gs URLs with a host; anything else must be a data URI.
const REMOTE = /^(https?|gs):\/\/[^/?#\s]+/i;

/**
 * DSPy's `dspy.Image`: an image input for a signature field, held as an http(s)/gs URL or a
 * `data:` URI (`url`). Building one never touches the network or filesystem, except
 * `Image.fromFile`, which reads the file you name. In prompts it is written as DSPy's
 * custom-type marker and the adapter turns it into an image content part of the user message.
 *
 * @example
 * @Signature('Describe the image.')
 * class Describe {
 *   @InputField({ type: () => Image }) image!: Image;
 *   @OutputField() caption!: string;
 * }
 * await new Predict(Describe).call({ image: Image.fromUrl('https://example.com/cat.jpg') });
 */
export class Image {
  /** An http(s)/gs URL or a `data:<mime>;base64,...` URI. */
  readonly url: string;

  constructor(url: string) {
    const trimmed = typeof url === 'string' ? url.trim() : '';
    if (!trimmed.startsWith('data:') && !REMOTE.test(trimmed)) {
      throw new DspyError(
        'INPUT_INVALID',
        `Unrecognized image source ${JSON.stringify(String(url).slice(0, 80))}: give an http(s) URL or a data: URI. Local files must be loaded with Image.fromFile(path).`,
      );
    }
    this.url = trimmed;
  }

  /** An http(s)/gs URL or a data URI, kept as given (no download). */
  static fromUrl(url: string): Image {
    return new Image(url);
  }

  /** Base64 image bytes (no `data:` prefix) with their MIME type. */
  static fromBase64(data: string, mimeType: string): Image {
    return new Image(`data:${mimeType};base64,${data}`);
  }

  /** Raw image bytes; the MIME type is sniffed from the magic bytes unless given. */
  static fromBytes(bytes: Uint8Array, mimeType?: string): Image {
    const mime = mimeType ?? sniffImageMime(bytes);
    if (!mime)
      throw new DspyError(
        'INPUT_INVALID',
        'Could not tell the image type from its bytes (PNG, JPEG, GIF, WebP and BMP are recognised). Pass the MIME type: Image.fromBytes(bytes, "image/png").',
      );
    return Image.fromBase64(Buffer.from(bytes).toString('base64'), mime);
  }

  /** Reads a local image file (DSPy's `Image.from_path`); MIME type from magic bytes, else the extension. */
  static async fromFile(path: string): Promise<Image> {
    const bytes = await fs.readFile(path).catch((e: NodeJS.ErrnoException) => {
      throw new DspyError('INPUT_INVALID', `Could not read the image file ${path}: ${e.code ?? e.message}.`, {
        cause: e,
      });
    });
    const mime = sniffImageMime(bytes) ?? EXTENSIONS[extname(path).toLowerCase()];
    if (!mime)
      throw new DspyError(
        'INPUT_INVALID',
        `Could not determine the image type of ${path}: unknown magic bytes and extension.`,
      );
    return Image.fromBase64(bytes.toString('base64'), mime);
  }

  /** DSPy's `Image.format()`: OpenAI chat content parts. */
  format(): OpenAIContentBlock[] {
    return [{ type: 'image_url', image_url: { url: this.url } }];
  }

  /** The image as a dspy-ts message content part (`url` holds the URL or data URI). */
  toContentPart(): ContentPart {
    return { type: 'image', url: this.url };
  }

  /** DSPy's `serialize_model`: the marker adapters split into content parts; also what `save()` writes. */
  toJSON(): string {
    return customTypeMarker(this.format());
  }

  toString(): string {
    return this.toJSON();
  }
}
