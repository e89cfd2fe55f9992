// IPv4/IPv6 parsing and CIDR containment for IpAddress / NotIpAddress.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { blockContains, parseCidr, parseIp, parseIpCached } from "../../../src/policy/ip-address.js";

const hex = (t: string) => { const b = parseCidr(t); return b && { v6: b.v6, prefix: b.prefix, words: Array.from(b.words, (w) => w.toString(16)) }; };

describe("ip-address", () => {
  it("parses IPv4 addresses and blocks", () => {
    assert.deepEqual(hex("10.0.0.0/8"), { v6: false, prefix: 8, words: ["a000000", "0", "0", "0"] });
    assert.deepEqual(hex("203.0.113.7"), { v6: false, prefix: 32, words: ["cb007107", "0", "0", "0"] });
    for (const bad of ["1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "a.b.c.d", "10.0.0.0/33", "10.0.0.0/", "1.2.3.4/x", ""]) assert.equal(parseCidr(bad), undefined, bad);
  });
  it("parses IPv6 forms: compressed, full, embedded IPv4, zone", () => {
    assert.deepEqual(hex("2001:db8::/32"), { v6: true, prefix: 32, words: ["20010db8", "0", "0", "0"] });
    assert.deepEqual(hex("::1"), { v6: true, prefix: 128, words: ["0", "0", "0", "1"] });
    assert.deepEqual(hex("1:2:3:4:5:6:7:8"), { v6: true, prefix: 128, words: ["10002", "30004", "50006", "70008"] });
    assert.deepEqual(hex("::ffff:1.2.3.4"), { v6: true, prefix: 128, words: ["0", "0", "ffff", "1020304"] });
    assert.deepEqual(parseIp("fe80::1%eth0")?.v6, true);
    for (const bad of ["1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "2001:db8::/129", ":::"]) assert.equal(parseCidr(bad), undefined, bad);
  });
  it("containment at the prefix boundary", () => {
    const b = parseCidr("192.0.2.128/25")!;
    assert.equal(blockContains(b, parseIp("192.0.2.128")!), true);
    assert.equal(blockContains(b, parseIp("192.0.2.255")!), true);
    assert.equal(blockContains(b, parseIp("192.0.2.127")!), false);
    assert.equal(blockContains(parseCidr("0.0.0.0/0")!, parseIp("255.255.255.255")!), true);
    assert.equal(blockContains(parseCidr("2001:db8::/33")!, parseIp("2001:db8:7fff::1")!), true);
    assert.equal(blockContains(parseCidr("2001:db8::/33")!, parseIp("2001:db8:8000::1")!), false);
    assert.equal(blockContains(parseCidr("::/0")!, parseIp("10.0.0.1")!), false);
  });
  it("the cached parse gives the same answers as parseIp", () => {
    for (const t of ["10.0.0.1", "10.0.0.1", "2001:db8::1", "bad", "10.0.0.2"]) {
      const a = parseIpCached(t), b = parseIp(t);
      assert.deepEqual(a && { v6: a.v6, words: Array.from(a.words) }, b && { v6: b.v6, words: Array.from(b.words) }, t);
    }
  });
});
