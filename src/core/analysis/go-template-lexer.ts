/**
 * Splits a Go `text/template` source into text and action tokens, following Go's lexer
 * (`text/template/parse/lex.go`): `{{ }}` delimiters, `{{- ` / ` -}}` trim markers that remove
 * the whitespace (space, tab, CR, LF) next to them, `{{/* … *\/}}` comments, and newlines allowed
 * inside actions.
 */
import { TemplateError } from "./template-error.js";

export type TokenKind =
  | "space"
  | "identifier"
  | "keyword"
  | "bool"
  | "nil"
  | "field"
  | "dot"
  | "variable"
  | "string"
  | "number"
  | "char"
  | "pipe"
  | "lparen"
  | "rparen"
  | "comma"
  | "declare"
  | "assign";

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token. */
  readonly text: string;
  /** Decoded value of string literals and field names (without the dot). */
  readonly value: string;
  /** Offset in the template source. */
  readonly offset: number;
}

export type Segment =
  | { readonly kind: "text"; readonly text: string }
  | {
      readonly kind: "action";
      readonly tokens: readonly Token[];
      /** Offset of `{{` and the action's source text, for error messages. */
      readonly offset: number;
      readonly source: string;
    };

const KEYWORDS = new Set(["block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"]);

function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
}

function isAlphaNumeric(ch: string | undefined): boolean {
  return ch !== undefined && /^[\p{L}\p{N}_]$/u.test(ch);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

function trimRightSpace(text: string): string {
  return text.replace(/[ \t\r\n]+$/, "");
}

function trimLeftSpace(text: string): string {
  return text.replace(/^[ \t\r\n]+/, "");
}

/** A right delimiter at `pos`, with (` -}}`) or without (`}}`) a trim marker. */
function rightDelimAt(src: string, pos: number): { readonly length: number; readonly trim: boolean } | undefined {
  if (isSpace(src[pos]) && src[pos + 1] === "-" && src.startsWith("}}", pos + 2)) return { length: 4, trim: true };
  if (src.startsWith("}}", pos)) return { length: 2, trim: false };
  return undefined;
}

const ESCAPES: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  '"': '"',
  "'": "'",
};

/** Go's interpreted string literal: `"…"` with backslash escapes, on one line. */
function scanQuoted(src: string, start: number): { readonly end: number; readonly value: string } {
  let value = "";
  let pos = start + 1;
  for (;;) {
    const ch = src[pos];
    if (ch === undefined || ch === "\n") throw new TemplateError("unterminated quoted string", start);
    if (ch === '"') return { end: pos + 1, value };
    if (ch !== "\\") {
      value += ch;
      pos++;
      continue;
    }
    const esc = src[pos + 1];
    if (esc === undefined) throw new TemplateError("unterminated quoted string", start);
    const simple = ESCAPES[esc];
    if (simple !== undefined) {
      value += simple;
      pos += 2;
      continue;
    }
    const hexLength = esc === "x" ? 2 : esc === "u" ? 4 : esc === "U" ? 8 : 0;
    if (hexLength > 0) {
      const hex = src.slice(pos + 2, pos + 2 + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${String(hexLength)}}$`).test(hex)) {
        throw new TemplateError(`invalid escape \\${esc}${hex} in quoted string`, pos);
      }
      value += String.fromCodePoint(parseInt(hex, 16));
      pos += 2 + hexLength;
      continue;
    }
    const octal = src.slice(pos + 1, pos + 4);
    if (/^[0-7]{3}$/.test(octal)) {
      value += String.fromCharCode(parseInt(octal, 8));
      pos += 4;
      continue;
    }
    throw new TemplateError(`unknown escape sequence \\${esc} in quoted string`, pos);
  }
}

/** Go's number syntax, loosely: the token ends at the first character that cannot continue it. */
function scanNumber(src: string, start: number): number {
  const match = /^[+-]?(?:0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eEpP][+-]?[0-9_]+)?|\.[0-9_]+(?:[eE][+-]?[0-9_]+)?)/.exec(
    src.slice(start),
  );
  const end = start + (match?.[0].length ?? 0);
  if (!match || isAlphaNumeric(src[end]) || src[end] === ".") {
    throw new TemplateError(`bad number syntax: "${src.slice(start, end + 1)}"`, start);
  }
  return end;
}

function lexAction(src: string, open: number, start: number): { readonly tokens: Token[]; readonly end: number; readonly trim: boolean } {
  const tokens: Token[] = [];
  const push = (kind: TokenKind, from: number, to: number, value = src.slice(from, to)): void => {
    tokens.push({ kind, text: src.slice(from, to), value, offset: from });
  };
  let pos = start;
  for (;;) {
    const delim = rightDelimAt(src, pos);
    if (delim) return { tokens, end: pos + delim.length, trim: delim.trim };
    const ch = src[pos];
    if (ch === undefined) throw new TemplateError("unclosed action", open);
    if (isSpace(ch)) {
      const from = pos;
      while (isSpace(src[pos]) && !rightDelimAt(src, pos)?.trim) pos++;
      if (pos > from) push("space", from, pos);
      continue;
    }
    if (ch === "|" || ch === "(" || ch === ")" || ch === ",") {
      push(ch === "|" ? "pipe" : ch === "(" ? "lparen" : ch === ")" ? "rparen" : "comma", pos, pos + 1);
      pos++;
      continue;
    }
    if (ch === ":" && src[pos + 1] === "=") {
      push("declare", pos, pos + 2);
      pos += 2;
      continue;
    }
    if (ch === "=") {
      push("assign", pos, pos + 1);
      pos++;
      continue;
    }
    if (ch === '"') {
      const quoted = scanQuoted(src, pos);
      push("string", pos, quoted.end, quoted.value);
      pos = quoted.end;
      continue;
    }
    if (ch === "`") {
      const close = src.indexOf("`", pos + 1);
      if (close < 0) throw new TemplateError("unterminated raw quoted string", pos);
      push("string", pos, close + 1, src.slice(pos + 1, close).replace(/\r/g, ""));
      pos = close + 1;
      continue;
    }
    if (ch === "'") {
      const close = src.indexOf("'", pos + 1);
      if (close < 0) throw new TemplateError("unterminated character constant", pos);
      push("char", pos, close + 1);
      pos = close + 1;
      continue;
    }
    if (ch === "." && !isDigit(src[pos + 1])) {
      if (isAlphaNumeric(src[pos + 1])) {
        let end = pos + 1;
        while (isAlphaNumeric(src[end])) end++;
        push("field", pos, end, src.slice(pos + 1, end));
        pos = end;
      } else {
        push("dot", pos, pos + 1);
        pos++;
      }
      continue;
    }
    if (ch === "$") {
      let end = pos + 1;
      while (isAlphaNumeric(src[end])) end++;
      push("variable", pos, end);
      pos = end;
      continue;
    }
    if (isDigit(ch) || ch === "." || ((ch === "+" || ch === "-") && (isDigit(src[pos + 1]) || src[pos + 1] === "."))) {
      const end = scanNumber(src, pos);
      push("number", pos, end);
      pos = end;
      continue;
    }
    if (isAlphaNumeric(ch)) {
      let end = pos;
      while (isAlphaNumeric(src[end])) end++;
      const word = src.slice(pos, end);
      const next = src[end];
      const terminated =
        next === undefined || isSpace(next) || ".,|:()".includes(next) || rightDelimAt(src, end) !== undefined;
      if (!terminated) throw new TemplateError(`bad character ${JSON.stringify(next)} after "${word}"`, end);
      const kind: TokenKind =
        word === "true" || word === "false" ? "bool" : word === "nil" ? "nil" : KEYWORDS.has(word) ? "keyword" : "identifier";
      push(kind, pos, end);
      pos = end;
      continue;
    }
    const code = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
    throw new TemplateError(`unrecognized character in action: U+${code} ${JSON.stringify(ch)}`, pos);
  }
}

/** Text and action segments of a template; comments are dropped and trim markers applied. */
export function lexTemplate(src: string): Segment[] {
  const segments: Segment[] = [];
  let pos = 0;
  let trimNext = false;
  for (;;) {
    const open = src.indexOf("{{", pos);
    let text = src.slice(pos, open < 0 ? src.length : open);
    if (trimNext) text = trimLeftSpace(text);
    if (open < 0) {
      if (text) segments.push({ kind: "text", text });
      return segments;
    }
    let inner = open + 2;
    if (src[inner] === "-" && isSpace(src[inner + 1])) {
      text = trimRightSpace(text);
      inner += 2;
    }
    if (text) segments.push({ kind: "text", text });
    if (src.startsWith("/*", inner)) {
      const close = src.indexOf("*/", inner + 2);
      if (close < 0) throw new TemplateError("unclosed comment", open);
      const delim = rightDelimAt(src, close + 2);
      if (!delim) throw new TemplateError("comment ends before closing delimiter", close);
      pos = close + 2 + delim.length;
      trimNext = delim.trim;
      continue;
    }
    const action = lexAction(src, open, inner);
    segments.push({ kind: "action", tokens: action.tokens, offset: open, source: src.slice(open, action.end) });
    pos = action.end;
    trimNext = action.trim;
  }
}
