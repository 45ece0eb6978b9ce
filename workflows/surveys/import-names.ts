// Stable names for imported questions: lower snake_case (camelCase split, spaces and dashes to
// "_", a leading digit prefixed, names in other scripts numbered), unique in their namespace,
// and every `{reference}` to an old name rewritten to the new one.
import { isStableQuestionName } from "./definition";

/** The snake_case form of a name, or null when it has to be numbered (other scripts, nothing left). */
export function snakeName(raw: string): string | null {
  // Other scripts (汉字 …) cannot be spelt in snake_case: such names are numbered.
  if ([...raw].some((c) => c.charCodeAt(0) > 0x7f)) return null;
  let s = raw
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "");
  if (!s) return null;
  if (/^[0-9]/.test(s) || s.length < 2) s = `q_${s}`;
  s = s.slice(0, 60).replace(/_$/, "");
  return s === "constructor" ? "constructor_q" : s;
}

/** One namespace: the survey's questions, a panel template's, a table's columns, a multipletext's items. */
export class Namespace {
  /** old name → new name, for the names that changed. */
  readonly renamed = new Map<string, string>();
  /** Sub-namespaces by (new) name: a paneldynamic's template, a matrix's columns. */
  readonly children = new Map<string, Namespace>();
  private readonly taken = new Set<string>();
  private readonly lowerRenamed = new Map<string, string>();

  constructor(readonly label: string) {}

  /** Names already fine are kept first, so a renamed question never takes a kept one's name. */
  reserve(names: readonly unknown[]): void {
    for (const name of names) if (typeof name === "string" && isStableQuestionName(name) && !this.taken.has(name)) this.taken.add(name);
  }

  private unique(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base.slice(0, 58)}_${n}`;
    this.taken.add(name);
    return name;
  }

  /**
   * The name an element keeps or gets. `ordinal` numbers names that cannot be converted (q3).
   * `kept` tells whether a stable name was already reserved for this element.
   */
  assign(raw: unknown, ordinal: number, keptAlready: boolean): string {
    if (typeof raw === "string" && keptAlready) return raw;
    const base = typeof raw === "string" ? (snakeName(raw) ?? `q${ordinal}`) : `q${ordinal}`;
    const name = this.unique(base);
    if (typeof raw === "string" && raw !== name) {
      if (!this.renamed.has(raw)) this.renamed.set(raw, name);
      if (!this.lowerRenamed.has(raw.toLowerCase())) this.lowerRenamed.set(raw.toLowerCase(), name);
    }
    return name;
  }

  /** The new name for a reference as written (exact first, then as survey-core matches: ignoring case). */
  resolve(written: string): string | undefined {
    return this.renamed.get(written) ?? this.lowerRenamed.get(written.toLowerCase());
  }
}

/** Where a reference is written: inside a panel template `{panel.x}` and a table row `{row.x}` mean those. */
export interface ReferenceScope {
  panel?: Namespace;
  row?: Namespace;
}

const REFERENCE = /\{([^{}]+)\}/g;

function rewritePath(path: string, top: Namespace, scope: ReferenceScope): string {
  const lead = /^\s*[$#]?/.exec(path)![0];
  const trail = /\s*$/.exec(path.slice(lead.length))![0];
  const body = path.slice(lead.length, path.length - trail.length);
  const parts = body.split(".");
  let ns: Namespace | undefined = top;
  const out: string[] = [];
  parts.forEach((part, i) => {
    const m = /^(.*?)((\[[^\]]*\])*)$/.exec(part)!;
    let name = m[1];
    const index = m[2];
    if (i === 0 && name.toLowerCase() === "panel" && scope.panel) ns = scope.panel;
    else if (i === 0 && name.toLowerCase() === "row" && scope.row) ns = scope.row;
    else if (ns) {
      const renamed = ns.resolve(name);
      if (renamed) name = renamed;
      ns = ns.children.get(name) ?? (i === 0 ? undefined : ns);
    }
    out.push(name + index);
  });
  return lead + out.join(".") + trail;
}

/** Every `{reference}` in an expression or a text, with old names replaced. */
export function rewriteReferences(text: string, top: Namespace, scope: ReferenceScope = {}): string {
  if (!text.includes("{")) return text;
  return text.replace(REFERENCE, (whole, path: string) => {
    const rewritten = rewritePath(path, top, scope);
    return rewritten === path ? whole : `{${rewritten}}`;
  });
}

/** The rename table: `old → new`, nested names as `question.old → question.new`. */
export function renameTable(top: Namespace): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (ns: Namespace, prefix: string, newPrefix: string) => {
    for (const [old, name] of ns.renamed) out[prefix + old] = newPrefix + name;
    for (const [name, child] of ns.children) {
      const old = [...ns.renamed.entries()].find(([, n]) => n === name)?.[0] ?? name;
      walk(child, `${prefix}${old}.`, `${newPrefix}${name}.`);
    }
  };
  walk(top, "", "");
  return out;
}
