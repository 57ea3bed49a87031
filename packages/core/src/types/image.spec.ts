import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coerceValue } from '../adapters/coerce';
import { formatFieldValue } from '../adapters/value-format';
import { InputField } from '../decorators/input-field.decorator';
import { OutputField } from '../decorators/output-field.decorator';
import { Signature } from '../decorators/signature.decorator';
import { getSignature } from '../signature/signature-of';
import { typeJsonSchema } from '../signature/json-schema';
import { T } from '../signature/type-ref';
import { expandCustomTypes } from './custom-type-parts';
import { Image, sniffImageMime } from './image';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('Image', () => {
  it('keeps URLs and data URIs as given and refuses anything else', () => {
    expect(Image.fromUrl(' https://x.io/a.png ').url).toBe('https://x.io/a.png');
    expect(Image.fromBase64('AAAA', 'image/gif').url).toBe('data:image/gif;base64,AAAA');
    expect(() => Image.fromUrl('./cat.png')).toThrow(/Unrecognized image source.*Image\.fromFile/);
    expect(() => Image.fromUrl('ftp://x/y.png')).toThrow(/INPUT_INVALID|Unrecognized/);
  });

  it('sniffs PNG/JPEG/GIF/WebP bytes and asks for the type when unknown', () => {
    expect(Image.fromBytes(PNG).url).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
    expect(sniffImageMime(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageMime(Buffer.from('GIF89a'))).toBe('image/gif');
    expect(sniffImageMime(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(() => Image.fromBytes(Buffer.from('hello'))).toThrow(/Pass the MIME type/);
    expect(Image.fromBytes(Buffer.from('hello'), 'image/x-raw').url).toMatch(/^data:image\/x-raw;base64,/);
  });

  it('fromFile reads the file (magic bytes win over the extension) and names a missing file', async () => {
    const dir = await fs.mkdtemp(join(tmpdir(), 'img-'));
    try {
      await fs.writeFile(join(dir, 'really-png.jpg'), PNG);
      expect((await Image.fromFile(join(dir, 'really-png.jpg'))).url).toMatch(/^data:image\/png;base64,iVBOR/);
      await expect(Image.fromFile(join(dir, 'nope.png'))).rejects.toThrow(
        /Could not read the image file .*nope\.png: ENOENT/,
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('formats as DSPy: OpenAI parts, marker text in prompts, an image part after splitting', () => {
    const img = Image.fromUrl('https://x.io/a.png');
    expect(img.format()).toEqual([{ type: 'image_url', image_url: { url: 'https://x.io/a.png' } }]);
    const text = formatFieldValue({ type: T.image, optional: false }, img);
    expect(text).toBe(
      '<<CUSTOM-TYPE-START-IDENTIFIER>>[{"type": "image_url", "image_url": {"url": "https://x.io/a.png"}}]<<CUSTOM-TYPE-END-IDENTIFIER>>',
    );
    expect(expandCustomTypes({ role: 'user', content: `a${text}b` }).content).toEqual([
      { type: 'text', text: 'a' },
      img.toContentPart(),
      { type: 'text', text: 'b' },
    ]);
    // Only user turns are split, as in DSPy.
    expect(expandCustomTypes({ role: 'assistant', content: text }).content).toBe(text);
  });

  it('class fields resolve from a thunk or from design:type; the schema is pydantic’s', () => {
    @Signature()
    class S {
      @InputField({ type: () => Image }) a!: Image;
      @InputField() b!: Image;
      @OutputField() c!: string;
    }
    expect(getSignature(S).inputFields.map((f) => f.type)).toEqual([T.image, T.image]);
    expect(typeJsonSchema(T.image)).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { url: { type: 'string', title: 'Url' } },
      required: ['url'],
      title: 'Image',
    });
  });

  it('coerces parsed outputs like pydantic: URL string or { url } → Image', () => {
    expect(coerceValue('https://x.io/a.png', T.image)).toEqual(Image.fromUrl('https://x.io/a.png'));
    expect(coerceValue({ url: 'data:image/png;base64,AA' }, T.image)).toBeInstanceOf(Image);
    expect(() => coerceValue(3, T.image)).toThrow(/image URL/);
  });
});
