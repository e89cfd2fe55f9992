// Exclusive XML Canonicalization and enveloped-signature checks, against canonical forms written by hand
// from the rules of https://www.w3.org/TR/xml-exc-c14n/ and signatures made here with node:crypto.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { canonicalize, child, DSIG_NS, parseXml, verifyEnvelopedSignature } from "../../../../src/services/sts/xml-signature.js";

describe("exclusive canonicalization", () => {
  it("sorts attributes, keeps only used namespaces, expands empty elements, drops comments and the declaration", () => {
    const doc = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
<r:Root xmlns:r="urn:r" xmlns:unused="urn:u" b="2" a="1"><!-- note --><r:E/><F xmlns="urn:d" z="&amp;&lt;&gt;&quot;"/></r:Root>`);
    assert.equal(canonicalize(doc),
      `<r:Root xmlns:r="urn:r" a="1" b="2"><r:E></r:E><F xmlns="urn:d" z="&amp;&lt;>&quot;"></F></r:Root>`);
  });

  it("a subtree declares the namespaces it uses that its ancestors declared", () => {
    const doc = parseXml(`<p:Outer xmlns:p="urn:p" xmlns:q="urn:q"><p:Inner q:at="v" x="1"><q:Leaf>t &amp; u</q:Leaf></p:Inner></p:Outer>`);
    const inner = child(doc, "Inner")!;
    assert.equal(canonicalize(inner), `<p:Inner xmlns:p="urn:p" xmlns:q="urn:q" x="1" q:at="v"><q:Leaf>t &amp; u</q:Leaf></p:Inner>`);
  });

  it("attributes sort by namespace URI first, then local name; unqualified ones come first", () => {
    const doc = parseXml(`<e xmlns:b="urn:a" xmlns:a="urn:b" a:x="1" b:y="2" c="3"/>`);
    assert.equal(canonicalize(doc), `<e xmlns:a="urn:b" xmlns:b="urn:a" c="3" b:y="2" a:x="1"></e>`);
  });

  it("InclusiveNamespaces PrefixList renders listed prefixes even when unused", () => {
    const doc = parseXml(`<a:R xmlns:a="urn:a" xmlns:xs="urn:xs"><a:C/></a:R>`);
    assert.equal(canonicalize(child(doc, "C")!, { inclusivePrefixes: ["xs"] }), `<a:C xmlns:a="urn:a" xmlns:xs="urn:xs"></a:C>`);
  });
});

describe("enveloped signature", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;

  /** A document in canonical form already, so the digest is taken over this very text (not our canonicalizer). */
  function signedDoc(body = "hello"): string {
    const element = `<x:Doc xmlns:x="urn:x" ID="_d1"><x:Body>${body}</x:Body></x:Doc>`;
    const digest = createHash("sha256").update(element).digest("base64");
    const signedInfo = `<ds:SignedInfo xmlns:ds="${DSIG_NS}"><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:CanonicalizationMethod>` +
      `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"></ds:SignatureMethod><ds:Reference URI="#_d1"><ds:Transforms>` +
      `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></ds:Transform><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:Transform>` +
      `</ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></ds:DigestMethod><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>`;
    const value = sign("sha256", Buffer.from(signedInfo), privateKey).toString("base64");
    const signature = `<ds:Signature xmlns:ds="${DSIG_NS}">${signedInfo}<ds:SignatureValue>\n${value}\n</ds:SignatureValue></ds:Signature>`;
    return element.replace("<x:Body>", `${signature}<x:Body>`);
  }

  it("verifies with the right key and names what is wrong otherwise", () => {
    const doc = parseXml(signedDoc());
    assert.deepEqual(verifyEnvelopedSignature(doc, doc, [publicKey]), { status: "valid" });
    assert.deepEqual(verifyEnvelopedSignature(doc, doc, [other]),
      { status: "invalid", reason: "the signature does not verify with the provider's certificate" });
  });

  it("a changed body breaks the digest; no signature is 'unsigned'", () => {
    const tampered = parseXml(signedDoc().replace("<x:Body>hello", "<x:Body>hullo"));
    assert.deepEqual(verifyEnvelopedSignature(tampered, tampered, [publicKey]), { status: "invalid", reason: "digest mismatch" });
    const plain = parseXml(`<x:Doc xmlns:x="urn:x" ID="_d1"><x:Body>hello</x:Body></x:Doc>`);
    assert.deepEqual(verifyEnvelopedSignature(plain, plain, [publicKey]), { status: "unsigned" });
  });

  it("a second element with the signed ID (signature wrapping) is refused", () => {
    const wrapped = parseXml(`<w xmlns:x="urn:x"><x:Doc ID="_d1"/>${signedDoc()}</w>`);
    const signedEl = wrapped.children.filter((c) => c.kind === "element")[1]!;
    assert.equal(signedEl.kind, "element");
    const verdict = verifyEnvelopedSignature(signedEl as never, wrapped, [publicKey]);
    assert.deepEqual(verdict, { status: "invalid", reason: "ID _d1 is not unique in the document" });
  });

  it("the same signature verifies after re-indentation outside the signed element and attribute reordering inside it", () => {
    const reordered = signedDoc().replace(`<x:Doc xmlns:x="urn:x" ID="_d1">`, `<x:Doc ID="_d1"   xmlns:x="urn:x" >`);
    const doc = parseXml(`<?xml version="1.0"?>\n${reordered}\n`);
    assert.deepEqual(verifyEnvelopedSignature(doc, doc, [publicKey]), { status: "valid" });
  });
});
