import { IsNumber, IsString } from 'class-validator';
import { AdapterParseError } from '../errors/dspy-error';
import { signature } from '../signature/string-signature';
import { getSignature } from '../signature/signature-of';
import { Signature } from '../decorators/signature.decorator';
import { InputField } from '../decorators/input-field.decorator';
import { OutputField } from '../decorators/output-field.decorator';
import { T } from '../signature/type-ref';
import type { SignatureSpec } from '../signature/signature-spec';
import type { FieldEvent } from '../streaming/stream-events';
import { Image } from '../types/image';
import { XMLAdapter } from './xml-adapter';

// DSPy's tests/adapters/test_xml_adapter.py, ported where language-independent.
const adapter = new XMLAdapter();

describe('XMLAdapter (DSPy tests)', () => {
  it('test_xml_adapter_format_and_parse_basic', () => {
    const S = signature('question -> answer');
    expect(adapter.formatFieldsWithValues([{ field: S.field('answer')!, value: 'Paris' }])).toBe(
      '<answer>\nParis\n</answer>',
    );
    expect(adapter.parse(S, '<answer>Paris</answer>')).toEqual({ answer: 'Paris' });
  });

  it('test_xml_adapter_parse_multiple_fields', () => {
    const S = signature('question -> answer, explanation');
    const completion = '\n<answer>Paris</answer>\n<explanation>The capital of France is Paris.</explanation>\n';
    expect(adapter.parse(S, completion)).toEqual({
      answer: 'Paris',
      explanation: 'The capital of France is Paris.',
    });
  });

  it('test_xml_adapter_parse_raises_on_missing_field', () => {
    const S = signature('question -> answer, explanation');
    let err: unknown;
    try {
      adapter.parse(S, '<answer>Paris</answer>');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AdapterParseError);
    expect((err as AdapterParseError).adapterName).toBe('XMLAdapter');
    expect((err as AdapterParseError).lmResponse).toBe('<answer>Paris</answer>');
    expect((err as Error).message).toContain('explanation');
  });

  it('test_xml_adapter_parse_casts_types / raises_on_type_error', () => {
    const S = signature('-> number: int, flag: bool');
    expect(adapter.parse(S, '\n<number>42</number>\n<flag>true</flag>\n')).toEqual({ number: 42, flag: true });
    expect(() => adapter.parse(signature('-> number: int'), '<number>not_a_number</number>')).toThrow(
      /Failed to parse field/,
    );
  });

  it('test_xml_adapter_repeated_dict_elements_and_empty_lists', () => {
    const S = signature('-> counts: dict[str, list[int]]');
    expect(adapter.parse(S, '<counts><first>3</first><first>4</first><second>5</second></counts>')).toEqual({
      counts: { first: [3, 4], second: [5] },
    });
    const counts = {
      'postal code': [3, 4],
      'quoted "key" & more': [5],
      'line\nbreak': [6],
      '-status': [7],
      '.status': [8],
    };
    const formatted = adapter.formatFieldsWithValues([{ field: S.field('counts')!, value: counts }]);
    expect(formatted).toContain('<entry key="postal code"><item>3</item><item>4</item></entry>');
    expect(adapter.parse(S, formatted)).toEqual({ counts });
    expect(adapter.parse(S, '<counts />')).toEqual({ counts: {} });
    const E = signature('-> items_out: list[str]');
    expect(adapter.formatFieldsWithValues([{ field: E.field('items_out')!, value: [] }])).toBe('<items_out />');
    expect(adapter.parse(E, '<items_out />')).toEqual({ items_out: [] });
  });

  it('test_xml_adapter_escapes_closing_tags_and_rejects_malformed_xml', () => {
    const S = signature('-> code');
    const value = "print('</code> & done')";
    const formatted = adapter.formatAssistantMessageContent(S, { code: value });
    expect(formatted).toContain('&lt;/code> &amp; done');
    expect(adapter.parse(S, formatted)).toEqual({ code: value });
    expect(() => adapter.parse(S, "<code>print('</code>')</code>")).toThrow(/Failed to parse XML/);
  });

  it('test_xml_adapter_format_and_parse_list_of_models (and legacy JSON inside the field)', () => {
    class Item {
      @IsString() name!: string;
      @IsNumber() score!: number;
    }
    @Signature()
    class S {
      @OutputField({ type: () => [Item] }) entries!: Item[];
    }
    const spec = getSignature(S);
    const entries = [
      { name: 'a', score: 1.1 },
      { name: 'b', score: 2.2 },
    ];
    const xml = adapter.formatFieldsWithValues([{ field: spec.field('entries')!, value: entries }]);
    expect(xml).toBe(
      '<entries><item><name>a</name><score>1.1</score></item><item><name>b</name><score>2.2</score></item></entries>',
    );
    expect(adapter.parse(spec, xml)).toEqual({ entries });
    expect(adapter.parse(spec, `<entries>${JSON.stringify(entries)}</entries>`)).toEqual({ entries });
  });

  it('test_xml_adapter_missing_optional_output_fields_fall_back_to_defaults', () => {
    @Signature()
    class S {
      @InputField() question!: string;
      @OutputField() answer!: string;
      @OutputField({ type: () => String, optional: true, default: 'No note' }) note?: string | null;
      @OutputField({ type: () => String, optional: true }) maybe?: string | null;
    }
    const parsed = adapter.parse(getSignature(S), '<answer>Paris</answer>');
    expect(parsed).toMatchObject({ answer: 'Paris', note: 'No note' });
    // Python's None: a missing optional output is present and empty.
    expect('maybe' in parsed && parsed.maybe == null).toBe(true);
  });

  it('test_format_system_message: the output requirement names XML tags', () => {
    const S = signature('question -> answer, n: int');
    const [, user] = adapter.format(S, [], { question: 'q' });
    expect(user!.content).toBe(
      '<question>\nq\n</question>\n\nRespond with the corresponding output fields wrapped in XML tags `<answer>`, then `<n>`.',
    );
  });
});

describe('XMLAdapter streaming field parser', () => {
  const events = (spec: SignatureSpec<any, any>, chunks: string[]): FieldEvent[] => {
    const out: FieldEvent[] = [];
    const parser = adapter.createStreamParser(spec, (e) => out.push(e));
    for (const c of chunks) parser.push(c);
    parser.end();
    return out;
  };
  const chunkText = (evs: FieldEvent[], field: string) =>
    evs.map((e) => (e.type === 'field-chunk' && e.field === field ? e.text : '')).join('');

  it('DSPy test_stream_listener_returns_correct_chunk_xml_adapter: tags split across deltas', () => {
    const S = signature('question -> judgement');
    const evs = events(S, ['<', 'judgement', '>', 'The', ' answer', ' is', ' humorous', '.', '<', '/judgement', '>']);
    expect(chunkText(evs, 'judgement')).toBe('The answer is humorous.');
    expect(evs.at(-1)).toEqual({ type: 'field-end', field: 'judgement', value: 'The answer is humorous.' });
  });

  it('chunks concatenate to what parse returns, character by character (entities, CDATA, whitespace)', () => {
    const S = signature('question -> answer, n: int');
    const reply = 'Sure.\n<answer>\n  Tom &amp; Jerry &lt;3 <![CDATA[a < b]]> &#65;  \n</answer>\n<n> 42 </n>';
    const evs = events(S, [...reply]);
    const parsed = adapter.parse(S, reply);
    expect(chunkText(evs, 'answer')).toBe(parsed.answer);
    expect(chunkText(evs, 'n')).toBe('42');
    expect(evs.filter((e) => e.type === 'field-end')).toEqual([
      { type: 'field-end', field: 'answer', value: parsed.answer },
      { type: 'field-end', field: 'n', value: 42 },
    ]);
  });

  it('nested-XML fields give start and end (typed value) without chunks; only the first element counts', () => {
    const S = signature('q -> tags: list[str], answer');
    const evs = events(S, ['<tags><item>a</it', 'em><item>b</item></tags><answer>x</answer><answer>y</answer>']);
    expect(evs).toEqual([
      { type: 'field-start', field: 'tags' },
      { type: 'field-end', field: 'tags', value: ['a', 'b'] },
      { type: 'field-start', field: 'answer' },
      { type: 'field-chunk', field: 'answer', text: 'x' },
      { type: 'field-end', field: 'answer', value: 'x' },
    ]);
  });

  it('malformed XML ends the field without a value and stops the events', () => {
    const S = signature('q -> answer, other');
    const evs = events(S, ['<answer>Tom & Jerry</answer><other>x</other>']);
    expect(evs.at(-1)).toEqual({ type: 'field-end', field: 'answer' });
    expect(evs.some((e) => e.field === 'other')).toBe(false);
  });

  it('an unfinished field ends without a value', () => {
    const evs = events(signature('q -> answer'), ['<answer>Par']);
    expect(evs).toEqual([
      { type: 'field-start', field: 'answer' },
      { type: 'field-chunk', field: 'answer', text: 'Par' },
      { type: 'field-end', field: 'answer' },
    ]);
  });

  it('T.int typed fields through class signatures keep their type in field-end', () => {
    @Signature()
    class S {
      @InputField() q!: string;
      @OutputField({ type: T.int }) n!: number;
    }
    const evs = events(getSignature(S), ['<n>7</n>']);
    expect(evs.at(-1)).toEqual({ type: 'field-end', field: 'n', value: 7 });
  });
});

describe('XMLAdapter with images', () => {
  it('test_xml_adapter_formats_nested_images: image inputs become image parts in demos and the request', () => {
    const S = signature('photos: list[Image], tag -> text');
    const urls = ['https://example.com/image1.jpg', 'https://example.com/image2.jpg'];
    const messages = adapter.format(
      S,
      [{ photos: urls.map((u) => Image.fromUrl(u)), tag: 't', text: 'This is a test image' }],
      { photos: [Image.fromUrl('https://example.com/image4.jpg')], tag: 't' },
    );
    expect(messages).toHaveLength(4);
    const urlsOf = (content: unknown) =>
      (content as { type: string; url?: string }[]).filter((p) => p.type === 'image').map((p) => p.url);
    expect(urlsOf(messages[1]!.content)).toEqual(urls);
    expect(urlsOf(messages[3]!.content)).toEqual(['https://example.com/image4.jpg']);
  });
});
