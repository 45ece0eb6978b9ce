import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSegmenter } from "../../app/lib/segmenter.server";
import {
  CommentLexiconSchema,
  compileLexicon,
  DEFAULT_COMMENT_LEXICON,
  spellingsOf,
  userDictionaryWords,
  type CommentLexiconInput,
} from "../../workflows/comments/dictionary";
import {
  applyKeywordDelta,
  countKeywords,
  emptyTotals,
  indexChanges,
  keywordDelta,
  keywordReport,
  rankKeywords,
  termsOfComment,
  type KeywordTotals,
  type Segment,
} from "../../workflows/comments/keywords";

const vocabulary = compileLexicon(DEFAULT_COMMENT_LEXICON);
const segment = createSegmenter(vocabulary);
const sample = fs
  .readFileSync(path.resolve(import.meta.dirname, "../fixtures/resident-comments.txt"), "utf8")
  .split("\n")
  .filter((line) => line.trim());

/** Whitespace-separated words: lets the counting properties run without jieba. */
const byWords: Segment = (text) => text.split(/\s+/);

describe("segmentation keeps the lexicon's terms whole", () => {
  it("every term and spelling survives in the sentences residents write around it", () => {
    const broken: string[] = [];
    for (const word of userDictionaryWords(vocabulary)) {
      const term = vocabulary.canonical.get(word) ?? word;
      for (const sentence of [`希望增加${word}`, `${word}太少了`, `小区的${word}不够用`, `我们这里没有${word}，很不方便`]) {
        if (!termsOfComment(sentence, segment, vocabulary).has(term)) broken.push(`${sentence} → ${segment(sentence).join("/")}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("residents' own comments keep the terms whole, where jieba alone cuts half of them apart", () => {
    const words = userDictionaryWords(vocabulary);
    const keptShare = (cut: Segment) => {
      let occurrences = 0;
      let kept = 0;
      for (const comment of sample) {
        const terms = termsOfComment(comment, cut, vocabulary);
        for (const word of words) {
          if (!comment.includes(word)) continue;
          occurrences++;
          if (terms.has(vocabulary.canonical.get(word) ?? word) || [...terms].some((t) => t.length > word.length && t.includes(word))) kept++;
        }
      }
      return kept / occurrences;
    };
    expect(keptShare(segment)).toBeGreaterThanOrEqual(0.98);
    expect(keptShare(createSegmenter(null))).toBeLessThan(0.6);
  });

  it("the lexicon does not make a term swallow its neighbour's character", () => {
    expect(segment("停车位置不好找")).toEqual(expect.arrayContaining(["停车", "位置"]));
    expect(segment("我家政府补贴了一部分")).toEqual(expect.arrayContaining(["我家", "政府"]));
    expect(segment("希望建游泳池")).toContain("游泳池");
  });

  it("typos and other spellings count as the term they mean, and are highlighted with it", () => {
    expect(termsOfComment("电悌什么时候能装上？", segment, vocabulary)).toContain("电梯");
    expect(termsOfComment("充电庄不够用", segment, vocabulary)).toContain("充电桩");
    expect(termsOfComment("加梯的事情没人管", segment, vocabulary)).toContain("加装电梯");
    expect(spellingsOf("加装电梯", vocabulary)).toEqual(expect.arrayContaining(["加装电梯", "装电梯", "加梯"]));
  });

  it("full-width letters and capitals are one spelling", () => {
    expect(termsOfComment("社区ＡＰＰ不好用", segment, vocabulary)).toEqual(termsOfComment("社区app不好用", segment, vocabulary));
  });
});

describe("what never ranks", () => {
  it("stop words, numbers and single characters never become keywords, the whitelisted complaints aside", () => {
    const report = keywordReport(sample, segment, vocabulary, { limit: 1_000 });
    const stop = new Set(DEFAULT_COMMENT_LEXICON.stopWords);
    for (const { term } of report) {
      expect(stop.has(term), term).toBe(false);
      expect(/^[\d\p{P}\s]+$/u.test(term), term).toBe(false);
      if ([...term].length === 1) expect(DEFAULT_COMMENT_LEXICON.singleCharKeywords, term).toContain(term);
    }
    expect(report.map((k) => k.term)).toContain("远");
  });

  it("whatever residents write, no stop word ranks", () => {
    const stopWords = DEFAULT_COMMENT_LEXICON.stopWords;
    const word = fc.oneof(fc.constantFrom(...stopWords), fc.constantFrom("老年食堂", "停车位", "电梯", "滑滑梯"), fc.string({ minLength: 1, maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 8 }).map((w) => w.join(" ")), { maxLength: 30 }), (comments) => {
        const report = keywordReport(comments, byWords, vocabulary, { limit: 1_000 });
        return report.every((k) => !stopWords.includes(k.term));
      }),
      { numRuns: 200 },
    );
  });

  it("a word made a stop word after the totals were kept stops ranking at once", () => {
    const totals = countKeywords(["电梯 老人", "电梯 老人", "老人"].map((c) => termsOfComment(c, byWords, vocabulary)));
    const edited = compileLexicon({ ...DEFAULT_COMMENT_LEXICON, stopWords: [...DEFAULT_COMMENT_LEXICON.stopWords, "老人"] });
    expect(rankKeywords(totals, totals, vocabulary).map((k) => k.term)).toEqual(["老人", "电梯"]);
    expect(rankKeywords(totals, totals, edited).map((k) => k.term)).toEqual(["电梯"]);
  });
});

describe("TF-IDF ranking", () => {
  it("puts a frequent domain term above an incidental word", () => {
    const comments = [
      ...Array.from({ length: 12 }, (_, i) => `老年食堂 菜 太咸 第${i}号`),
      "老年食堂 楼下 太吵",
      "楼下 快递 多",
      "希望 多 组织 活动",
    ];
    const report = keywordReport(comments, byWords, vocabulary);
    expect(report[0]).toMatchObject({ term: "老年食堂", count: 13, domain: "meal_assist" });
    expect(report.findIndex((k) => k.term === "老年食堂")).toBeLessThan(report.findIndex((k) => k.term === "楼下"));
  });

  it("a concern of this place outranks a word every comment in the city carries, even one said more often here", () => {
    const city: KeywordTotals = { comments: 10_000, terms: new Map([["反映", 9_000], ["助餐点", 300]]) };
    const here: KeywordTotals = { comments: 40, terms: new Map([["反映", 35], ["助餐点", 20]]) };
    const ranked = rankKeywords(here, city, vocabulary);
    expect(ranked.map((k) => k.term)).toEqual(["助餐点", "反映"]);
    expect(ranked[0]).toMatchObject({ count: 20, domain: "meal_assist" });
  });

  it("each keyword comes with its count, its domain and the comments behind it", () => {
    const report = keywordReport(sample, segment, vocabulary);
    const canteen = report.find((k) => k.term === "老年食堂");
    expect(canteen?.domain).toBe("meal_assist");
    expect(canteen?.count).toBe(sample.filter((c) => termsOfComment(c, segment, vocabulary).has("老年食堂")).length);
    expect(canteen?.examples).toHaveLength(3);
    for (const example of canteen?.examples ?? []) expect(sample).toContain(example);
    expect(report.find((k) => k.term === "停车位")?.domain).toBeNull();
  });
});

describe("kept totals", () => {
  it("added up comment by comment, with withdrawals, equal a full recount", () => {
    const comment = fc.array(fc.constantFrom("电梯", "老年食堂", "停车位", "充电桩", "老人", "孩子", "的", "希望"), { maxLength: 6 }).map((w) => w.join(" "));
    const step = fc.oneof(
      fc.record({ add: fc.array(comment, { minLength: 1, maxLength: 5 }) }),
      fc.record({ withdraw: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const kept = emptyTotals();
        const stored: string[] = [];
        for (const s of steps) {
          if ("add" in s) {
            applyKeywordDelta(kept, keywordDelta(s.add.map((c) => termsOfComment(c, byWords, vocabulary))));
            stored.push(...s.add);
          } else if (stored.length) {
            const [gone] = stored.splice(s.withdraw % stored.length, 1);
            applyKeywordDelta(kept, keywordDelta([termsOfComment(gone, byWords, vocabulary)], -1));
          }
        }
        const recount = countKeywords(stored.map((c) => termsOfComment(c, byWords, vocabulary)));
        expect(kept.comments).toBe(recount.comments);
        expect(new Map([...kept.terms].sort())).toEqual(new Map([...recount.terms].sort()));
      }),
      { numRuns: 300 },
    );
  });

  it("a re-analysis rewrites only the index rows a lexicon change moves, and counts every comment of the chunk", () => {
    const termsOf = (text: string) => new Set(text.split(" ").filter(Boolean));
    const comments = [
      { id: "a", text: "电梯 老人" },
      { id: "b", text: "老人" },
      { id: "c", text: "" },
      { id: "d", text: "充电桩" },
    ];
    // Indexed before the change: 老人 was not a stop word, 充电桩 was cut apart.
    const before = [
      { term: "电梯", id: "a" },
      { term: "老人", id: "a" },
      { term: "老人", id: "b" },
      { term: "感觉", id: "c" },
    ];
    const changes = indexChanges(comments, (text) => termsOf(text.replace("老人", "")), before);
    expect(changes.comments).toBe(4);
    expect(changes.terms).toEqual(new Map([["电梯", 1], ["充电桩", 1]]));
    expect(changes.added).toEqual(new Map([["充电桩", ["d"]]]));
    expect([...changes.removed]).toEqual([["感觉", ["c"]], ["老人", ["a", "b"]]]);
  });

  it("a comment that repeats a word counts once", () => {
    expect(countKeywords([termsOfComment("电梯 电梯 电梯", byWords, vocabulary)]).terms.get("电梯")).toBe(1);
  });
});

describe("the lexicon as 默认值", () => {
  const base = DEFAULT_COMMENT_LEXICON as CommentLexiconInput;

  it("the default is valid, marked as default, and maps its terms into the seven domains or none", () => {
    expect(DEFAULT_COMMENT_LEXICON.default).toBe(true);
    expect(vocabulary.domainOf.size).toBeGreaterThanOrEqual(100);
    expect(vocabulary.domainOf.get("助餐点")).toBe("meal_assist");
    expect(vocabulary.domainOf.get("婴幼儿托育")).toBe("eldercare_childcare");
    expect(vocabulary.domainOf.get("健身路径")).toBe("sports_fitness");
    expect(vocabulary.domainOf.get("停车位")).toBeNull();
  });

  it("an edited copy is refused when a term is listed twice, is also a stop word, or a spelling points nowhere", () => {
    const twice = CommentLexiconSchema.safeParse({ ...base, terms: { ...base.terms, health: [...base.terms.health!, "助餐点"] } });
    const stop = CommentLexiconSchema.safeParse({ ...base, stopWords: [...base.stopWords, "电梯"] });
    const nowhere = CommentLexiconSchema.safeParse({ ...base, variants: { 电悌: "电话" } });
    expect(twice.success).toBe(false);
    expect(stop.success).toBe(false);
    expect(nowhere.success).toBe(false);
    expect(JSON.stringify(nowhere.error?.issues)).toContain("不在词典中");
  });

  it("a change that alters a comment's terms changes the fingerprint the kept totals carry; moving a term to another domain does not", () => {
    const edited = compileLexicon(CommentLexiconSchema.parse({ ...base, stopWords: [...base.stopWords, "老人"] }));
    const renamed = compileLexicon(CommentLexiconSchema.parse({ ...base, id: "another-name" }));
    const moved = compileLexicon(
      CommentLexiconSchema.parse({
        ...base,
        terms: { ...base.terms, health: [...base.terms.health!, "电梯"], other: base.terms.other!.filter((t) => t !== "电梯") },
      }),
    );
    expect(edited.fingerprint).not.toBe(vocabulary.fingerprint);
    expect(renamed.fingerprint).toBe(vocabulary.fingerprint);
    expect(moved.domainOf.get("电梯")).toBe("health");
    expect(moved.fingerprint).toBe(vocabulary.fingerprint);
  });
});
