import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChatAdapter,
  Image,
  InputField,
  JSONAdapter,
  OutputField,
  Signature,
  getSignature,
  type ChatMessage,
  type ContentPart,
} from '../src';

// Goldens come from real Python DSPy 3.4.1 (scripts/dspy-goldens-image.py). DSPy's messages use
// OpenAI content blocks; ours use dspy-ts parts. We compare by converting ours back to the OpenAI
// shape (text → text, image → image_url with the same url): that checks every byte of text and
// every image URL in order, with no lossy normalisation of DSPy's side.
type Adapters = 'ChatAdapter' | 'JSONAdapter';
interface Golden {
  demos: Record<string, unknown>[];
  inputs: Record<string, unknown>;
  messages: Record<Adapters, { role: string; content: unknown }[]>;
}
const golden = (name: string): Golden =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures/dspy', `${name}.golden.json`), 'utf8'));

/** `{ image_url }` placeholders in the golden → `Image`s. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object' && 'image_url' in value)
    return Image.fromUrl((value as { image_url: string }).image_url);
  return value;
}
const reviveAll = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revive(v)]));

function toOpenAI(m: ChatMessage) {
  if (typeof m.content === 'string') return { role: m.role, content: m.content };
  const part = (p: ContentPart) =>
    p.type === 'text' ? { type: 'text', text: p.text } : { type: 'image_url', image_url: { url: p.url } };
  return { role: m.role, content: m.content.map(part) };
}

@Signature('Answer the question about the image.')
class DescribeImage {
  @InputField({ desc: 'the photo', type: () => Image }) image!: Image;
  @InputField() question!: string;
  @OutputField() answer!: string;
}

@Signature()
class CompareImages {
  @InputField({ type: () => [Image] }) images!: Image[];
  @OutputField() same!: boolean;
}

const cases = { 'image-predict': DescribeImage, 'image-list': CompareImages };

describe.each(Object.entries(cases))('Image golden from Python DSPy: %s', (name, cls) => {
  const g = golden(name);
  it.each(['ChatAdapter', 'JSONAdapter'] as const)(
    '%s formats byte-identical messages and image parts',
    (adapterName) => {
      const adapter = adapterName === 'ChatAdapter' ? new ChatAdapter() : new JSONAdapter();
      const messages = adapter.format(getSignature(cls), g.demos.map(reviveAll), reviveAll(g.inputs));
      expect(messages.map(toOpenAI)).toEqual(g.messages[adapterName]);
    },
  );
});

describe('Image in signatures', () => {
  it('a string signature takes `image`, `Image` and `dspy.Image` and names the type Image', () => {
    const spec = getSignature('photo: Image, scan: dspy.Image, icons: list[image] -> caption');
    expect(spec.inputFields.map((f) => f.type)).toEqual([
      { kind: 'image' },
      { kind: 'image' },
      { kind: 'array', items: { kind: 'image' } },
    ]);
    const system = new ChatAdapter().formatSystemMessage(spec);
    expect(system).toContain('1. `photo` (Image):');
    expect(system).toContain('3. `icons` (list[Image]):');
  });

  it('loaded demos holding DSPy-saved marker strings format as image parts too', () => {
    const image = Image.fromUrl('https://example.com/cat.jpg');
    // `program.save()` writes an Image the way DSPy does: its marker string.
    const saved = JSON.parse(JSON.stringify({ image, question: 'q', answer: 'a' }));
    expect(typeof saved.image).toBe('string');
    const [, user] = new ChatAdapter().format(getSignature(DescribeImage), [saved], {});
    expect(user!.content).toEqual([
      { type: 'text', text: '[[ ## image ## ]]\n' },
      { type: 'image', url: 'https://example.com/cat.jpg' },
      { type: 'text', text: '\n\n[[ ## question ## ]]\nq' },
    ]);
  });
});
