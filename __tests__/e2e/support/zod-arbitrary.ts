import fc from 'fast-check';

// fast-check arbitraries made from an action's own zod schema: objects with the schema's fields,
// enums from its values, numbers and lengths inside (and at) its bounds, ids from pages the caller
// can see — so that many inputs pass validation and reach the service and the database — with a
// share of junk (wrong types, unstorable or unusual text, impossible dates, extra fields) put in at
// every level. Zod 4's schema definitions are read through `_zod.def`.

type Def = { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] } & Record<string, unknown>;
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

export type Leaves = {
  /** Text for a string field with this key and these bounds. */
  text: (key: string, bounds: Bounds) => fc.Arbitrary<string>;
  /** What may replace any value. */
  junk: fc.Arbitrary<unknown>;
  /** Share of junk at each value (0 for inputs meant to pass validation). */
  junkWeight: number;
};

export type Bounds = { min?: number; max?: number; int?: boolean; format?: string; pattern?: RegExp };

function boundsOf(def: Def): Bounds {
  const b: Bounds = {};
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'min_length' || d.check === 'greater_than') b.min = (d.minimum as number) ?? (d.value as number);
    if (d.check === 'max_length' || d.check === 'less_than') b.max = (d.maximum as number) ?? (d.value as number);
    if (d.check === 'number_format') b.int = String(d.format).includes('int');
    if (d.check === 'string_format') {
      b.format = d.format as string;
      if (d.pattern instanceof RegExp) b.pattern = d.pattern;
    }
  }
  return b;
}

/** Whether the field may be left out (optional, has a default, or a transform of such). */
export function isOptional(schema: unknown): boolean {
  const def = defOf(schema);
  if (def.type === 'optional' || def.type === 'default') return true;
  if (def.type === 'pipe') return isOptional(def.in) || (defOf(def.in).type === 'transform' && isOptional(def.out));
  return false;
}

export function arbitraryFor(schema: unknown, leaves: Leaves, key = ''): fc.Arbitrary<unknown> {
  const valid = shaped(defOf(schema), leaves, key);
  return leaves.junkWeight
    ? fc.oneof({ weight: 10, arbitrary: valid }, { weight: leaves.junkWeight, arbitrary: leaves.junk })
    : valid;
}

function shaped(def: Def, leaves: Leaves, key: string): fc.Arbitrary<unknown> {
  const b = boundsOf(def);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, arbitraryFor(v, leaves, k)]));
      const record = fc.record(fields, {
        requiredKeys: Object.keys(shape).filter((k) => !isOptional(shape[k])),
        noNullPrototype: true,
      });
      if (!leaves.junkWeight) return record;
      // Sometimes with fields the schema does not have (role, assignee, status, __proto__…).
      const extra = fc.dictionary(
        fc.constantFrom('role', 'status', 'userId', 'caseworkerId', 'isAdmin', '__proto__', 'constructor', 'x'),
        leaves.junk,
        { maxKeys: 2, noNullPrototype: true },
      );
      return fc.tuple(record, fc.option(extra, { freq: 6 })).map(([r, e]) => (e ? { ...e, ...(r as object) } : r));
    }
    case 'string':
      return leaves.text(key, b);
    case 'number': {
      const min = Number.isFinite(b.min) ? b.min! : -1e9;
      const max = Number.isFinite(b.max) ? b.max! : 1e9;
      return b.int ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'array':
      return fc.array(arbitraryFor(def.element, leaves, key), {
        minLength: Math.min(b.min ?? 0, 5),
        maxLength: Math.min(b.max ?? 5, 5),
      });
    case 'record':
      return fc.dictionary(
        leaves.text(`${key}.key`, boundsOf(defOf(def.keyType))),
        arbitraryFor(def.valueType, leaves, key),
        { maxKeys: 4, noNullPrototype: true },
      );
    case 'optional':
    case 'default':
      return fc.option(arbitraryFor(def.innerType, leaves, key), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(arbitraryFor(def.innerType, leaves, key), { nil: null, freq: 4 });
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((o) => arbitraryFor(o, leaves, key)));
    case 'pipe':
      // A preprocess is a pipe from a transform: generate what it feeds the real schema.
      return defOf(def.in).type === 'transform'
        ? arbitraryFor(def.out, leaves, key)
        : arbitraryFor(def.in, leaves, key);
    case 'lazy':
      return arbitraryFor((def.getter as () => unknown)(), leaves, key);
    default:
      return leaves.junk;
  }
}
