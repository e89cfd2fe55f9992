// Input constraints from the model (required, enum, length, range, pattern), reported in AWS's wording:
// "2 validation errors detected: Value 'x' at 'userName' failed to satisfy constraint: Member must ...".
import type { MemberRef, ServiceModel, Shape } from "./model.js";

const patternCache = new Map<string, RegExp | null>();

function compiledPattern(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    // Models anchor nothing, but AWS applies patterns to the whole value.
    try { re = new RegExp(`^(?:${pattern})$`, "u"); }
    catch {
      try { re = new RegExp(`^(?:${pattern})$`); } catch { re = null; }
    }
    patternCache.set(pattern, re);
  }
  return re;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function describe(shape: Shape, value: unknown, path: string): string {
  if (shape.sensitive || value === undefined || value === null || typeof value === "object") return `Value at '${path}'`;
  return `Value '${String(value)}' at '${path}'`;
}

/** Returns AWS-worded violations (empty when valid). Decoders already ensured types. */
export function validateInput(model: ServiceModel, shapeName: string, value: unknown): string[] {
  const problems: string[] = [];
  walk(model, model.shapes[shapeName]!, value, "", problems);
  return problems;
}

function walk(model: ServiceModel, shape: Shape, value: unknown, path: string, problems: string[]): void {
  if (value === undefined || value === null) return;
  switch (shape.type) {
    case "structure": {
      const record = value as Record<string, unknown>;
      for (const name of shape.required ?? []) {
        if (record[name] === undefined || record[name] === null) {
          problems.push(`Value null at '${join(path, lowerFirst(name))}' failed to satisfy constraint: Member must not be null`);
        }
      }
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const child = record[name];
        if (child !== undefined) walk(model, model.shapes[ref.shape]!, child, join(path, lowerFirst(name)), problems);
      }
      return;
    }
    case "list": {
      const list = value as unknown[];
      if (shape.min !== undefined && list.length < shape.min) {
        problems.push(`${describe(shape, undefined, path)} failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && list.length > shape.max) {
        problems.push(`${describe(shape, undefined, path)} failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
      }
      const memberShape = model.shapes[(shape.member as MemberRef).shape]!;
      list.forEach((item, i) => walk(model, memberShape, item, `${path}.${i + 1}.member`, problems));
      return;
    }
    case "map": {
      const entries = Object.entries(value as Record<string, unknown>);
      if (shape.max !== undefined && entries.length > shape.max) {
        problems.push(`${describe(shape, undefined, path)} failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
      }
      const keyShape = model.shapes[shape.key!.shape]!;
      const valueShape = model.shapes[shape.value!.shape]!;
      for (const [k, v] of entries) {
        walk(model, keyShape, k, `${path}.${k}.key`, problems);
        walk(model, valueShape, v, `${path}.${k}.value`, problems);
      }
      return;
    }
    case "string": {
      const text = value as string;
      const length = text.length;
      if (shape.min !== undefined && length < shape.min) {
        problems.push(`${describe(shape, text, path)} failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && length > shape.max) {
        problems.push(`${describe(shape, text, path)} failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
      }
      if (shape.enum && !shape.enum.includes(text)) {
        problems.push(`${describe(shape, text, path)} failed to satisfy constraint: Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
      }
      if (shape.pattern && text.length > 0) {
        const re = compiledPattern(shape.pattern);
        if (re && !re.test(text)) {
          problems.push(`${describe(shape, text, path)} failed to satisfy constraint: Member must satisfy regular expression pattern: ${shape.pattern}`);
        }
      }
      return;
    }
    case "integer":
    case "long":
    case "double":
    case "float": {
      const n = value as number;
      if (shape.min !== undefined && n < shape.min) {
        problems.push(`${describe(shape, n, path)} failed to satisfy constraint: Member must have value greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && n > shape.max) {
        problems.push(`${describe(shape, n, path)} failed to satisfy constraint: Member must have value less than or equal to ${shape.max}`);
      }
      return;
    }
    case "blob": {
      const bytes = value as Uint8Array;
      if (shape.min !== undefined && bytes.length < shape.min) {
        problems.push(`${describe(shape, undefined, path)} failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && bytes.length > shape.max) {
        problems.push(`${describe(shape, undefined, path)} failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
      }
      return;
    }
    default:
      return;
  }
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

export function validationMessage(problems: readonly string[]): string {
  const n = problems.length;
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${problems.join("; ")}`;
}
