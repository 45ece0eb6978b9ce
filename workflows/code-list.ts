// One way to declare a code list: each code written once, with the Chinese label shown for it.
// The codes keep the order they are written in (forms, tables and charts list them so).

/** A code list's codes, in order (a non-empty tuple, so `z.enum` takes it), and the label of each. */
export interface CodeList<C extends string> {
  codes: readonly [C, ...C[]];
  labels: Record<C, string>;
}

export function codeList<C extends string>(labels: Record<C, string>): CodeList<C> {
  return { codes: Object.keys(labels) as [C, ...C[]], labels };
}
