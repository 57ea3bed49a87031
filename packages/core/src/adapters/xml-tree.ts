import { SaxesParser } from 'saxes';

/**
 * A parsed element with Python ElementTree's shape: `text` is the character data before the first
 * child, `tail` the data after the element's end tag (before the next sibling or the parent's end).
 * XMLAdapter's parsing rules are written against ElementTree, so this is what they read.
 */
export interface XmlElement {
  readonly tag: string;
  readonly attrib: Readonly<Record<string, string>>;
  text: string | undefined;
  tail: string | undefined;
  readonly children: XmlElement[];
}

/**
 * Builds `XmlElement`s from saxes events; text and CDATA are merged, comments and processing
 * instructions dropped (ElementTree's default tree builder). Feed it with `write`, finish with `close`.
 */
export class XmlTreeBuilder {
  readonly root: XmlElement = { tag: '', attrib: {}, text: undefined, tail: undefined, children: [] };
  private readonly stack: XmlElement[] = [this.root];
  private readonly parser = new SaxesParser({ position: true });

  constructor(
    private readonly hooks: {
      open?: (el: XmlElement, depth: number) => void;
      close?: (el: XmlElement, depth: number) => void;
      text?: (text: string, depth: number) => void;
    } = {},
  ) {
    const data = (t: string) => this.data(t);
    this.parser.on('text', data);
    this.parser.on('cdata', data);
    this.parser.on('opentag', (tag) => {
      const el: XmlElement = {
        tag: tag.name,
        attrib: { ...(tag.attributes as Record<string, string>) },
        text: undefined,
        tail: undefined,
        children: [],
      };
      this.stack.at(-1)!.children.push(el);
      this.stack.push(el);
      this.hooks.open?.(el, this.stack.length - 1);
    });
    this.parser.on('closetag', () => {
      const depth = this.stack.length - 1;
      const el = this.stack.pop()!;
      this.hooks.close?.(el, depth);
    });
  }

  write(chunk: string): void {
    this.parser.write(chunk);
  }

  close(): void {
    this.parser.close();
  }

  private data(text: string): void {
    if (!text) return;
    const parent = this.stack.at(-1)!;
    const last = parent.children.at(-1);
    if (last) last.tail = (last.tail ?? '') + text;
    else parent.text = (parent.text ?? '') + text;
    this.hooks.text?.(text, this.stack.length - 1);
  }
}

/**
 * `ET.fromstring(xml)`: the root element; throws the parser's error on malformed XML.
 *
 * @example
 * parseXml('<r><a>1</a></r>').children[0]!.text; // '1'
 */
export function parseXml(xml: string): XmlElement {
  const builder = new XmlTreeBuilder();
  builder.write(xml);
  builder.close();
  const root = builder.root.children[0];
  if (!root) throw new Error('no element found');
  return root;
}

/** `defaultdict(list)` of children by tag; an `<entry key="k">` groups under its key. */
export function groupChildren(element: XmlElement): Map<string, XmlElement[]> {
  const groups = new Map<string, XmlElement[]>();
  for (const child of element.children) {
    const key = child.tag === 'entry' && child.attrib.key !== undefined ? child.attrib.key : child.tag;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(child);
  }
  return groups;
}

/**
 * `ET.tostring(element, encoding="unicode")`: the element, its content and its tail, escaped as
 * ElementTree escapes (`<tag />` when empty).
 */
export function xmlToString(el: XmlElement): string {
  const attrs = Object.entries(el.attrib)
    .map(([k, v]) => ` ${k}="${escapeAttrib(v)}"`)
    .join('');
  const inner = (el.text ? escapeText(el.text) : '') + el.children.map(xmlToString).join('');
  const body = inner || el.children.length ? `<${el.tag}${attrs}>${inner}</${el.tag}>` : `<${el.tag}${attrs} />`;
  return body + (el.tail ? escapeText(el.tail) : '');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttrib(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#09;');
}
