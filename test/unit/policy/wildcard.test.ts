// Glob matching with * and ?, and literal pieces that are never wildcards.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compileGlob, equalsIgnoreCase, GlobBuilder, globMatches, globMatchesRange } from "../../../src/policy/wildcard.js";

describe("wildcard", () => {
  const table: [string, string, boolean][] = [
    ["*", "", true], ["*", "anything", true], ["**", "x", true], ["abc", "abc", true], ["abc", "abd", false],
    ["ab*", "ab", true], ["ab*", "abc", true], ["ab*", "a", false], ["*bc", "abc", true], ["*bc", "bd", false],
    ["a?c", "abc", true], ["a?c", "ac", false], ["a*b*c", "axxbyyc", true], ["a*b*c", "axxbyy", false],
    ["*a*", "banana", true], ["*x*", "banana", false], ["a*a*a", "aaa", true], ["a*a*a", "aa", false],
    ["?", "", false], ["??", "ab", true], ["*?", "", false], ["*?", "a", true], ["a*?b", "axb", true], ["a*?b", "ab", false],
  ];
  it("matches the table", () => {
    for (const [p, s, want] of table) assert.equal(globMatches(compileGlob(p), s), want, `${p} vs ${s}`);
  });
  it("literal pieces are not wildcards", () => {
    const g = new GlobBuilder().pattern("home/").literal("*").pattern("/*").build();
    assert.equal(globMatches(g, "home/*/x"), true);
    assert.equal(globMatches(g, "home/bob/x"), false);
  });
  it("matches a range of a string without slicing", () => {
    assert.equal(globMatchesRange(compileGlob("b*t"), "arn:bucket:x", 4, 10), true);
    assert.equal(globMatchesRange(compileGlob("bucket"), "arn:bucket:x", 4, 10), true);
    assert.equal(globMatchesRange(compileGlob("bucke"), "arn:bucket:x", 4, 10), false);
    assert.equal(globMatchesRange(compileGlob("*ket"), "arn:bucket:x", 4, 10), true);
  });
  it("ASCII case-insensitive equality", () => {
    assert.equal(equalsIgnoreCase("aws:SourceIp", "AWS:SOURCEIP"), true);
    assert.equal(equalsIgnoreCase("aws:SourceIp", "aws:SourceIP1"), false);
    assert.equal(equalsIgnoreCase("a[", "A{"), false);
  });
});
