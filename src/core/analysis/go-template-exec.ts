/**
 * Executes parsed query templates the way Go's `text/template` does with `missingkey=error`
 * and nil data (how Flagger renders MetricTemplates): identifiers are calls of zero-argument
 * functions, `f.key` looks a key up in the map `f` returns, a missing key is an error, and
 * `.field` fails because there is no data.
 */
import type { Command, Operand, Pipeline, TemplateNode } from "./go-template-parser.js";
import { TemplateError } from "./template-error.js";

/** A string map as templates see it; `label` names it in error messages. */
export interface TemplateMap {
  readonly kind: "map";
  readonly entries: Readonly<Record<string, string>>;
  readonly label: string;
}

export type TemplateValue = string | number | boolean | TemplateMap;

export interface TemplateFunction {
  /** Exact number of arguments; variadic when absent. */
  readonly arity?: number;
  readonly call: (args: readonly TemplateValue[], offset: number) => TemplateValue;
}

export type FunctionTable = Readonly<Record<string, TemplateFunction>>;

function isMap(value: TemplateValue): value is TemplateMap {
  return typeof value === "object";
}

/** Go's `fmt.Print` of a value: strings as they are, maps as `map[k:v …]` with sorted keys. */
export function printValue(value: TemplateValue): string {
  if (!isMap(value)) return String(value);
  const pairs = Object.keys(value.entries)
    .sort()
    .map((key) => `${key}:${value.entries[key] ?? ""}`);
  return `map[${pairs.join(" ")}]`;
}

function typeName(value: TemplateValue): string {
  if (isMap(value)) return "map[string]string";
  if (typeof value === "number") return "int";
  return typeof value === "boolean" ? "bool" : "string";
}

export function lookupKey(map: TemplateMap, key: string, offset: number): string {
  if (Object.hasOwn(map.entries, key)) return map.entries[key] ?? "";
  const keys = Object.keys(map.entries).sort();
  const defined = keys.length ? keys.map((k) => JSON.stringify(k)).join(", ") : "none";
  throw new TemplateError(`map has no entry for key "${key}" (${map.label} defines: ${defined})`, offset);
}

class Executor {
  private readonly functions: FunctionTable;

  constructor(functions: FunctionTable) {
    this.functions = functions;
  }

  private callFunction(name: string, args: readonly TemplateValue[], offset: number): TemplateValue {
    const fn = this.functions[name];
    if (!fn) throw new TemplateError(`function "${name}" not defined`, offset);
    if (fn.arity !== undefined && args.length !== fn.arity) {
      throw new TemplateError(
        `wrong number of args for ${name}: want ${String(fn.arity)} got ${String(args.length)}`,
        offset,
      );
    }
    return fn.call(args, offset);
  }

  private fieldsOf(value: TemplateValue, fields: readonly string[], offset: number): TemplateValue {
    let current = value;
    for (const field of fields) {
      if (!isMap(current)) {
        throw new TemplateError(`can't evaluate field ${field} in type ${typeName(current)}`, offset);
      }
      current = lookupKey(current, field, offset);
    }
    return current;
  }

  private noData(fields: readonly string[], offset: number): never {
    const first = fields[0] ?? "";
    throw new TemplateError(
      `nil data; no entry for key "${first}": query templates call functions, write {{ ${fields.join(".")} }} without the leading dot`,
      offset,
    );
  }

  evalArg(operand: Operand): TemplateValue {
    switch (operand.kind) {
      case "function":
        return this.callFunction(operand.name, [], operand.offset);
      case "chain":
        return this.fieldsOf(this.evalArg(operand.node), operand.fields, operand.offset);
      case "pipeline":
        return this.evalPipeline(operand.pipeline);
      case "string":
      case "number":
      case "bool":
        return operand.value;
      case "field":
        return this.noData(operand.fields, operand.offset);
      case "dot":
        throw new TemplateError("{{ . }} has no data in query templates", operand.offset);
      case "nil":
        throw new TemplateError("nil is not a command", operand.offset);
    }
  }

  private evalCommand(command: Command, piped: TemplateValue | undefined): TemplateValue {
    const [head, ...rest] = command.operands;
    if (!head) throw new TemplateError("missing value for command", command.offset);
    if (head.kind === "function") {
      const args = rest.map((operand) => this.evalArg(operand));
      if (piped !== undefined) args.push(piped);
      return this.callFunction(head.name, args, head.offset);
    }
    if (head.kind === "field") return this.noData(head.fields, head.offset);
    if (rest.length > 0 || piped !== undefined) {
      throw new TemplateError("can't give argument to non-function", head.offset);
    }
    return this.evalArg(head);
  }

  evalPipeline(pipeline: Pipeline): TemplateValue {
    let value: TemplateValue | undefined;
    for (const command of pipeline.commands) value = this.evalCommand(command, value);
    if (value === undefined) throw new TemplateError("missing value for command", pipeline.offset);
    return value;
  }
}

/** Executes the nodes; a failing action raises a `TemplateError` that carries the action's source. */
export function executeTemplate(nodes: readonly TemplateNode[], functions: FunctionTable): string {
  const executor = new Executor(functions);
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") {
      out += node.text;
      continue;
    }
    try {
      out += printValue(executor.evalPipeline(node.pipeline));
    } catch (error: unknown) {
      if (error instanceof TemplateError && error.action === undefined) {
        throw new TemplateError(error.message, error.offset, node.source);
      }
      throw error;
    }
  }
  return out;
}
