// Whether a regex validator from an imported survey may run on the server: short, valid, and of
// star height one (no repetition inside a repetition, no back-references) — the shapes that make
// a regular expression take exponential time (the check the safe-regex package does). Answers
// are also capped in length (SURVEY_LIMITS), which bounds what is left.
import { SURVEY_LIMITS } from "./definition";

export type RegexVerdict = { ok: true } | { ok: false; reason: string };

/** After position i (just past an atom): the length of a quantifier there and whether it repeats. */
function quantifierAt(pattern: string, i: number): { length: number; repeats: boolean } {
  const c = pattern[i];
  if (c === "*" || c === "+") return { length: pattern[i + 1] === "?" ? 2 : 1, repeats: true };
  if (c === "?") return { length: pattern[i + 1] === "?" ? 2 : 1, repeats: false };
  if (c === "{") {
    const m = /^\{(\d+)(,(\d*))?\}\??/.exec(pattern.slice(i));
    if (m) return { length: m[0].length, repeats: m[2] !== undefined ? m[3] === "" || Number(m[3]) > 1 : Number(m[1]) > 1 };
  }
  return { length: 0, repeats: false };
}

export function regexVerdict(pattern: string, flags = ""): RegexVerdict {
  if (pattern.length > SURVEY_LIMITS.maxRegexLength) {
    return { ok: false, reason: `正则表达式超过 ${SURVEY_LIMITS.maxRegexLength} 个字符` };
  }
  try {
    new RegExp(pattern, flags);
  } catch {
    return { ok: false, reason: "正则表达式写法有误" };
  }
  if (/\\[1-9]|\\k</.test(pattern)) return { ok: false, reason: "正则表达式使用了反向引用，可能运行极慢" };
  // Per open group: whether something inside it repeats.
  const groups: boolean[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "\\") {
      i += 2;
    } else if (c === "[") {
      i++;
      if (pattern[i] === "^") i++;
      if (pattern[i] === "]") i++;
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
      i++;
    } else if (c === "(") {
      groups.push(false);
      i++;
      if (pattern[i] === "?") i += pattern[i + 1] === "<" && pattern[i + 2] !== "=" && pattern[i + 2] !== "!" ? pattern.indexOf(">", i) - i + 1 : 2;
      continue;
    } else if (c === ")") {
      const inner = groups.pop() ?? false;
      const q = quantifierAt(pattern, i + 1);
      if (q.repeats && inner) return { ok: false, reason: "正则表达式有嵌套的重复（如 (a+)+），可能运行极慢" };
      if (groups.length && (inner || q.repeats)) groups[groups.length - 1] = true;
      i += 1 + q.length;
      continue;
    } else {
      i++;
    }
    const q = quantifierAt(pattern, i);
    if (q.repeats && groups.length) groups[groups.length - 1] = true;
    i += q.length;
  }
  return { ok: true };
}
