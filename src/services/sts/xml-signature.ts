// Enveloped XML signatures (XML-DSig) as SAML identity providers make them, verified with node:crypto:
// a small namespace-aware tree built from fast-xml-parser's ordered output, Exclusive XML Canonicalization
// 1.0 (https://www.w3.org/TR/xml-exc-c14n/, without comments, InclusiveNamespaces PrefixList honoured),
// the enveloped-signature transform, SHA-1/256/512 digests and RSA signatures.
//
// What is verified: the Signature is a direct child of the element it signs; its single Reference names that
// element's ID (unique in the document, so a wrapped copy cannot stand in); the only transforms are
// enveloped-signature and exc-c14n; the digest of the canonical element (the Signature removed) matches
// DigestValue; SignatureValue verifies over the canonical SignedInfo with a key from the caller-supplied
// certificates (the IdP metadata's), never with a key the document itself carries.
// Not supported: inclusive C14N 1.0/1.1, XPath transforms, DSA/ECDSA/HMAC, encrypted assertions, DTDs.
import { createHash, verify, X509Certificate, type KeyObject } from "node:crypto";
import { XMLParser } from "fast-xml-parser";

export const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const XML_NS = "http://www.w3.org/XML/1998/namespace";
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const EXC_C14N_COMMENTS = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

const SIGNATURE_HASHES: Record<string, string> = {
  "http://www.w3.org/2000/09/xmldsig#rsa-sha1": "sha1",
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": "sha256",
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": "sha512",
};
const DIGESTS: Record<string, string> = {
  "http://www.w3.org/2000/09/xmldsig#sha1": "sha1",
  "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
  "http://www.w3.org/2001/04/xmlenc#sha512": "sha512",
};

export interface XmlElement {
  readonly kind: "element";
  readonly name: string;
  readonly prefix: string;
  readonly local: string;
  /** Attributes in document order, namespace declarations included. */
  readonly attrs: readonly (readonly [string, string])[];
  readonly children: XmlNode[];
  /** Namespaces in scope (prefix → URI, "" for the default namespace). */
  readonly ns: ReadonlyMap<string, string>;
}
export type XmlNode = XmlElement | { readonly kind: "text"; readonly text: string };

const parser = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "", trimValues: false, parseTagValue: false,
  parseAttributeValue: false, processEntities: true, htmlEntities: true, commentPropName: "#comment", cdataPropName: "#cdata",
  ignoreDeclaration: true, ignorePiTags: true,
});

type Ordered = Record<string, unknown>[];

/** The document element of `xml`; throws on text that is not XML. DTDs are refused (no entity tricks). */
export function parseXml(xml: string): XmlElement {
  if (/<!DOCTYPE/i.test(xml)) throw new Error("DTDs are not accepted");
  const nodes = parser.parse(xml.replace(/\r\n?/g, "\n")) as Ordered;
  const roots = build(nodes, new Map([["xml", XML_NS]])).filter((n): n is XmlElement => n.kind === "element");
  if (roots.length !== 1) throw new Error("expected one document element");
  return roots[0]!;
}

function build(nodes: Ordered, scope: ReadonlyMap<string, string>): XmlNode[] {
  const out: XmlNode[] = [];
  for (const node of nodes) {
    for (const key of Object.keys(node)) {
      if (key === ":@" || key === "#comment") continue;
      if (key === "#text") { out.push({ kind: "text", text: String(node[key]) }); continue; }
      if (key === "#cdata") {
        for (const t of node[key] as Ordered) out.push({ kind: "text", text: String(t["#text"] ?? "") });
        continue;
      }
      const attrs = Object.entries((node[":@"] ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)] as const);
      let ns = scope;
      for (const [k, v] of attrs) {
        if (k === "xmlns" || k.startsWith("xmlns:")) {
          if (ns === scope) ns = new Map(scope);
          (ns as Map<string, string>).set(k === "xmlns" ? "" : k.slice(6), v);
        }
      }
      const colon = key.indexOf(":");
      out.push({
        kind: "element", name: key, prefix: colon === -1 ? "" : key.slice(0, colon), local: colon === -1 ? key : key.slice(colon + 1),
        attrs, children: build(node[key] as Ordered, ns), ns,
      });
    }
  }
  return out;
}

export function namespaceOf(el: XmlElement): string {
  return el.ns.get(el.prefix) ?? "";
}

export function childElements(el: XmlElement, local?: string, ns?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.kind === "element" && (local === undefined || c.local === local) && (ns === undefined || namespaceOf(c) === ns));
}

export function child(el: XmlElement | undefined, local: string, ns?: string): XmlElement | undefined {
  return el ? childElements(el, local, ns)[0] : undefined;
}

export function attr(el: XmlElement | undefined, name: string): string | undefined {
  return el?.attrs.find(([k]) => k === name)?.[1];
}

export function textOf(el: XmlElement | undefined): string {
  if (!el) return "";
  return el.children.map((c) => (c.kind === "text" ? c.text : textOf(c))).join("");
}

export function* descendants(el: XmlElement): Generator<XmlElement> {
  for (const c of el.children) if (c.kind === "element") { yield c; yield* descendants(c); }
}

// --- Exclusive XML Canonicalization 1.0 ---------------------------------------------------------------

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#xD;");
}
function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;").replace(/\t/g, "&#x9;").replace(/\n/g, "&#xA;").replace(/\r/g, "&#xD;");
}
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface C14nOptions {
  /** Leave this element out (the enveloped-signature transform). */
  readonly exclude?: XmlElement;
  /** InclusiveNamespaces PrefixList ("#default" is the default namespace). */
  readonly inclusivePrefixes?: readonly string[];
}

/** The canonical form of `el` and its content. */
export function canonicalize(el: XmlElement, options: C14nOptions = {}): string {
  const inclusive = (options.inclusivePrefixes ?? []).map((p) => (p === "#default" ? "" : p));
  return render(el, new Map([["", ""]]), inclusive, options.exclude);
}

function render(el: XmlElement, rendered: ReadonlyMap<string, string>, inclusive: readonly string[], exclude: XmlElement | undefined): string {
  const used = new Set<string>([el.prefix]);
  const plain: [string, string, string, string][] = []; // [namespace URI, local name, qualified name, value]
  for (const [k, v] of el.attrs) {
    if (k === "xmlns" || k.startsWith("xmlns:")) continue;
    const colon = k.indexOf(":");
    if (colon === -1) { plain.push(["", k, k, v]); continue; }
    const p = k.slice(0, colon);
    if (p !== "xml") used.add(p);
    plain.push([el.ns.get(p) ?? "", k.slice(colon + 1), k, v]);
  }
  for (const p of inclusive) if (el.ns.has(p)) used.add(p);
  const out = new Map(rendered);
  const decls: string[] = [];
  for (const p of [...used].sort(byCodeUnits)) {
    const uri = el.ns.get(p) ?? "";
    if ((rendered.get(p) ?? (p === "" ? "" : undefined)) === uri) continue;
    if (p !== "" && uri === "") continue;
    out.set(p, uri);
    decls.push(p === "" ? ` xmlns="${escapeAttr(uri)}"` : ` xmlns:${p}="${escapeAttr(uri)}"`);
  }
  plain.sort((a, b) => byCodeUnits(a[0], b[0]) || byCodeUnits(a[1], b[1]));
  let s = `<${el.name}${decls.join("")}${plain.map(([, , q, v]) => ` ${q}="${escapeAttr(v)}"`).join("")}>`;
  for (const c of el.children) {
    if (c.kind === "text") s += escapeText(c.text);
    else if (c !== exclude) s += render(c, out, inclusive, exclude);
  }
  return s + `</${el.name}>`;
}

// --- Signature verification ---------------------------------------------------------------------------

export type SignatureVerdict = { status: "unsigned" } | { status: "valid" } | { status: "invalid"; reason: string };

const ID_ATTRIBUTES = ["ID", "Id", "AssertionID"];

function idOf(el: XmlElement): string | undefined {
  for (const name of ID_ATTRIBUTES) { const v = attr(el, name); if (v !== undefined) return v; }
  return undefined;
}

function inclusivePrefixesOf(method: XmlElement | undefined): string[] {
  const list = attr(child(method, "InclusiveNamespaces"), "PrefixList");
  return list ? list.trim().split(/\s+/) : [];
}

/** The signing certificates (base64 DER, as in metadata's X509Certificate) as public keys. */
export function publicKeysOf(certificates: readonly string[]): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const b64 of certificates) {
    try { keys.push(new X509Certificate(Buffer.from(b64.replace(/\s+/g, ""), "base64")).publicKey); }
    catch { /* an unreadable certificate verifies nothing */ }
  }
  return keys;
}

/** Checks the enveloped Signature that is a direct child of `signed`, within the document `root`. */
export function verifyEnvelopedSignature(signed: XmlElement, root: XmlElement, keys: readonly KeyObject[]): SignatureVerdict {
  const signatures = childElements(signed, "Signature", DSIG_NS);
  if (signatures.length === 0) return { status: "unsigned" };
  if (signatures.length > 1) return { status: "invalid", reason: "more than one Signature" };
  const sig = signatures[0]!;
  const signedInfo = child(sig, "SignedInfo", DSIG_NS);
  const c14n = child(signedInfo, "CanonicalizationMethod", DSIG_NS);
  const c14nAlg = attr(c14n, "Algorithm");
  if (c14nAlg !== EXC_C14N && c14nAlg !== EXC_C14N_COMMENTS) return { status: "invalid", reason: `unsupported canonicalization ${c14nAlg}` };
  const hash = SIGNATURE_HASHES[attr(child(signedInfo, "SignatureMethod", DSIG_NS), "Algorithm") ?? ""];
  if (!hash) return { status: "invalid", reason: "unsupported signature method" };
  const refs = signedInfo ? childElements(signedInfo, "Reference", DSIG_NS) : [];
  if (refs.length !== 1) return { status: "invalid", reason: "expected exactly one Reference" };
  const ref = refs[0]!;
  const id = idOf(signed);
  if (!id || attr(ref, "URI") !== `#${id}`) return { status: "invalid", reason: "the Reference does not name the signed element" };
  let sameId = idOf(root) === id ? 1 : 0;
  for (const d of descendants(root)) if (idOf(d) === id) sameId++;
  if (sameId !== 1) return { status: "invalid", reason: `ID ${id} is not unique in the document` };

  let inclusive: string[] = [];
  for (const t of childElements(child(ref, "Transforms", DSIG_NS) ?? sig, "Transform", DSIG_NS)) {
    const alg = attr(t, "Algorithm");
    if (alg === EXC_C14N || alg === EXC_C14N_COMMENTS) inclusive = inclusivePrefixesOf(t);
    else if (alg !== ENVELOPED) return { status: "invalid", reason: `unsupported transform ${alg}` };
  }
  const digestAlg = DIGESTS[attr(child(ref, "DigestMethod", DSIG_NS), "Algorithm") ?? ""];
  if (!digestAlg) return { status: "invalid", reason: "unsupported digest method" };
  const digest = createHash(digestAlg).update(canonicalize(signed, { exclude: sig, inclusivePrefixes: inclusive }), "utf8").digest("base64");
  if (digest !== textOf(child(ref, "DigestValue", DSIG_NS)).replace(/\s+/g, "")) return { status: "invalid", reason: "digest mismatch" };

  const canonicalSignedInfo = Buffer.from(canonicalize(signedInfo!, { inclusivePrefixes: inclusivePrefixesOf(c14n) }), "utf8");
  const value = Buffer.from(textOf(child(sig, "SignatureValue", DSIG_NS)).replace(/\s+/g, ""), "base64");
  for (const key of keys) {
    try { if (verify(hash, canonicalSignedInfo, key, value)) return { status: "valid" }; }
    catch { /* a key of another type cannot verify this signature */ }
  }
  return { status: "invalid", reason: "the signature does not verify with the provider's certificate" };
}
