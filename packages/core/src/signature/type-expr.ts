import { parseError, type Token } from './signature-tokens';

/** Parsed (not yet resolved) type annotation of a string signature field. */
export type TypeExpr =
  | { readonly k: 'name'; readonly name: string; readonly args?: readonly TypeExpr[]; readonly at: number }
  | { readonly k: 'lit'; readonly value: string | number; readonly at: number }
  | { readonly k: 'union'; readonly members: readonly TypeExpr[]; readonly at: number }
  | { readonly k: 'array'; readonly items: TypeExpr; readonly at: number };

/** A cursor over tokens with the helpers the field and type parsers share. */
export class TokenCursor {
  private i = 0;
  constructor(
    readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }
  next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === text;
  }
  eat(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.next();
    return true;
  }
  expect(text: string, what: string): void {
    if (!this.eat(text))
      throw parseError(`Expected '${text}' ${what}, found ${describeToken(this.peek())}.`, this.source, this.peek().at);
  }
}

export function describeToken(t: Token): string {
  return t.kind === 'end' ? 'the end of the signature' : t.kind === 'arrow' ? "'->'" : `'${t.text}'`;
}

/**
 * Parses one annotation: Python style (`list[str]`, `dict[str, int]`, `Literal['a']`, `int | None`)
 * or TS style (`string[]`, `Record<string, number>`, `'a' | 'b'`, `Array<T>`).
 *
 * @example
 * parseTypeExpr(new TokenCursor(src, tokenize('list[int] | None')));
 */
export function parseTypeExpr(cur: TokenCursor): TypeExpr {
  const at = cur.peek().at;
  const members = [parsePostfix(cur)];
  while (cur.eat('|')) members.push(parsePostfix(cur));
  return members.length === 1 ? members[0]! : { k: 'union', members, at };
}

function parsePostfix(cur: TokenCursor): TypeExpr {
  let expr = parsePrimary(cur);
  while (cur.isPunct('[') && cur.isPunct(']', 1)) {
    cur.next();
    cur.next();
    expr = { k: 'array', items: expr, at: expr.at };
  }
  return expr;
}

function parsePrimary(cur: TokenCursor): TypeExpr {
  const t = cur.next();
  if (t.kind === 'string' || t.kind === 'number') return { k: 'lit', value: t.value!, at: t.at };
  if (t.kind === 'punct' && t.text === '(') {
    const inner = parseTypeExpr(cur);
    cur.expect(')', 'to close the parenthesis');
    return inner;
  }
  if (t.kind !== 'ident') throw parseError(`Expected a type, found ${describeToken(t)}.`, cur.source, t.at);
  const open = cur.isPunct('[') && !cur.isPunct(']', 1) ? '[' : cur.isPunct('<') ? '<' : undefined;
  if (!open) return { k: 'name', name: t.text, at: t.at };
  cur.next();
  const close = open === '[' ? ']' : '>';
  const args: TypeExpr[] = [parseTypeExpr(cur)];
  while (cur.eat(',') && !cur.isPunct(close)) args.push(parseTypeExpr(cur));
  cur.expect(close, `to close the type arguments of ${t.text}`);
  return { k: 'name', name: t.text, args, at: t.at };
}
