/**
 * Whether a value survives a structured clone (worker messages) unchanged: primitives, plain
 * objects, arrays, typed arrays, ArrayBuffers, and Maps and Sets of such. Class instances do
 * not: the clone keeps their own fields but loses the prototype (methods, getters, private
 * fields), silently. Functions and symbols cannot be cloned at all.
 *
 * Returns undefined when `value` is plain data, else the path of the first offending part and
 * what it is (e.g. `params.mean: a MeanPositions`).
 */
export function plainDataIssue(value: unknown, path = 'value'): string | undefined {
  return walk(value, path, new Set());
}

function walk(v: unknown, path: string, seen: Set<object>): string | undefined {
  if (v === null || v === undefined) return undefined;
  const t = typeof v;
  if (t === 'number' || t === 'string' || t === 'boolean' || t === 'bigint') return undefined;
  if (t === 'function') return `${path}: a function`;
  if (t === 'symbol') return `${path}: a symbol`;
  const o = v as object;
  if (seen.has(o)) return undefined;
  seen.add(o);
  if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) return undefined;
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const issue = walk(o[i], `${path}[${i}]`, seen);
      if (issue) return issue;
    }
    return undefined;
  }
  if (o instanceof Map) {
    for (const [k, x] of o) {
      const issue = walk(k, `${path}<key>`, seen) ?? walk(x, `${path}.get(${String(k)})`, seen);
      if (issue) return issue;
    }
    return undefined;
  }
  if (o instanceof Set) {
    for (const x of o) {
      const issue = walk(x, `${path}<member>`, seen);
      if (issue) return issue;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) return `${path}: a ${(proto?.constructor as { name?: string } | undefined)?.name ?? 'class instance'}`;
  for (const [k, x] of Object.entries(o)) {
    const issue = walk(x, `${path}.${k}`, seen);
    if (issue) return issue;
  }
  return undefined;
}
