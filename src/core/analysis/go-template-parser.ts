/**
 * Parses lexed actions into pipelines, as Go's `text/template/parse` does for the part of the
 * language query templates use: `{{ f }}`, `{{ f.key }}`, `{{ f arg … }}`, `{{ a | f }}`,
 * `{{ (f arg).key }}` and literals. Control actions (`if`, `range`, `with`, `define`, `template`,
 * `block`) and variables (`$x`) are refused with a message that says so, never misread.
 */
import type { Segment, Token } from "./go-template-lexer.js";
import { TemplateError } from "./template-error.js";

export type Operand =
  /** A function call without arguments, or the head of a command with arguments. */
  | { readonly kind: "function"; readonly name: string; readonly offset: number }
  /** `.a.b`: fields of the data, which Flagger leaves nil. */
  | { readonly kind: "field"; readonly fields: readonly string[]; readonly offset: number }
  | { readonly kind: "dot"; readonly offset: number }
  | { readonly kind: "nil"; readonly offset: number }
  | { readonly kind: "string"; readonly value: string; readonly offset: number }
  | { readonly kind: "number"; readonly value: number; readonly offset: number }
  | { readonly kind: "bool"; readonly value: boolean; readonly offset: number }
  | { readonly kind: "pipeline"; readonly pipeline: Pipeline; readonly offset: number }
  /** `f.a.b` or `(pipeline).a`: an operand followed by field lookups. */
  | { readonly kind: "chain"; readonly node: Operand; readonly fields: readonly string[]; readonly offset: number };

export interface Command {
  readonly operands: readonly Operand[];
  readonly offset: number;
}

export interface Pipeline {
  readonly commands: readonly Command[];
  readonly offset: number;
}

export type TemplateNode =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "action"; readonly pipeline: Pipeline; readonly offset: number; readonly source: string };

/** Whether a function name is defined; Go rejects unknown functions when parsing. */
export type FunctionCheck = (name: string, offset: number) => void;

class ActionParser {
  private index = 0;
  private readonly tokens: readonly Token[];
  private readonly checkFunction: FunctionCheck;
  private readonly end: number;

  constructor(tokens: readonly Token[], checkFunction: FunctionCheck, end: number) {
    this.tokens = tokens;
    this.checkFunction = checkFunction;
    this.end = end;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private skipSpace(): boolean {
    let skipped = false;
    while (this.peek()?.kind === "space") {
      this.index++;
      skipped = true;
    }
    return skipped;
  }

  private offset(): number {
    return this.peek()?.offset ?? this.end;
  }

  parseAction(): Pipeline {
    this.skipSpace();
    const first = this.peek();
    if (first?.kind === "keyword") {
      throw new TemplateError(
        `{{ ${first.text} }} actions are not supported in query templates; only substitutions such as {{ namespace }} or {{ variables.key }} are`,
        first.offset,
      );
    }
    const pipeline = this.parsePipeline(false);
    this.skipSpace();
    const rest = this.peek();
    if (rest) throw new TemplateError(`unexpected ${JSON.stringify(rest.text)} in action`, rest.offset);
    return pipeline;
  }

  private parsePipeline(inParens: boolean): Pipeline {
    const offset = this.offset();
    const commands: Command[] = [];
    for (;;) {
      this.skipSpace();
      const head = this.peek();
      if (head?.kind === "variable") {
        throw new TemplateError(`template variables (${head.text}) are not supported in query templates`, head.offset);
      }
      commands.push(this.parseCommand());
      this.skipSpace();
      const next = this.peek();
      if (next?.kind === "pipe") {
        this.index++;
        continue;
      }
      if (next === undefined || (inParens && next.kind === "rparen")) break;
      throw new TemplateError(`unexpected ${JSON.stringify(next.text)} in pipeline`, next.offset);
    }
    return { commands, offset };
  }

  private parseCommand(): Command {
    const offset = this.offset();
    const operands: Operand[] = [];
    for (;;) {
      const token = this.peek();
      if (token === undefined || token.kind === "pipe" || token.kind === "rparen") break;
      operands.push(this.parseOperand());
      const after = this.peek();
      if (after === undefined || after.kind === "pipe" || after.kind === "rparen") break;
      if (!this.skipSpace()) throw new TemplateError(`unexpected ${JSON.stringify(after.text)} in operand`, after.offset);
    }
    if (operands.length === 0) throw new TemplateError("missing value for command", offset);
    return { operands, offset };
  }

  private parseOperand(): Operand {
    const token = this.tokens[this.index++];
    if (!token) throw new TemplateError("missing value for command", this.end);
    const term = this.parseTerm(token);
    const fields: string[] = [];
    while (this.peek()?.kind === "field") fields.push(this.tokens[this.index++]?.value ?? "");
    if (fields.length === 0) return term;
    if (term.kind === "field") return { ...term, fields: [...term.fields, ...fields] };
    if (term.kind !== "function" && term.kind !== "pipeline") {
      throw new TemplateError(`unexpected . after term ${JSON.stringify(token.text)}`, token.offset);
    }
    return { kind: "chain", node: term, fields, offset: token.offset };
  }

  private parseTerm(token: Token): Operand {
    const offset = token.offset;
    switch (token.kind) {
      case "identifier":
        this.checkFunction(token.text, offset);
        return { kind: "function", name: token.text, offset };
      case "field":
        return { kind: "field", fields: [token.value], offset };
      case "dot":
        return { kind: "dot", offset };
      case "nil":
        return { kind: "nil", offset };
      case "string":
        return { kind: "string", value: token.value, offset };
      case "bool":
        return { kind: "bool", value: token.text === "true", offset };
      case "number": {
        if (!/^[+-]?[0-9]+$/.test(token.text)) {
          throw new TemplateError(`number ${token.text}: only decimal integers are supported in query templates`, offset);
        }
        return { kind: "number", value: Number(token.text), offset };
      }
      case "lparen": {
        const pipeline = this.parsePipeline(true);
        const close = this.tokens[this.index++];
        if (close?.kind !== "rparen") throw new TemplateError("unclosed left paren", offset);
        return { kind: "pipeline", pipeline, offset };
      }
      case "variable":
        throw new TemplateError(`template variables (${token.text}) are not supported in query templates`, offset);
      case "char":
        throw new TemplateError(`character constants (${token.text}) are not supported in query templates`, offset);
      case "keyword":
      case "space":
      case "pipe":
      case "rparen":
      case "comma":
      case "declare":
      case "assign":
        throw new TemplateError(`unexpected ${JSON.stringify(token.text)} in operand`, offset);
    }
  }
}

/** The template's nodes; function names are checked with `checkFunction` while parsing. */
export function parseTemplate(segments: readonly Segment[], checkFunction: FunctionCheck): TemplateNode[] {
  return segments.map((segment): TemplateNode => {
    if (segment.kind === "text") return segment;
    const end = segment.offset + segment.source.length;
    const pipeline = new ActionParser(segment.tokens, checkFunction, end).parseAction();
    return { kind: "action", pipeline, offset: segment.offset, source: segment.source };
  });
}
