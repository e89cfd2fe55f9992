// IPv4 and IPv6 addresses and CIDR blocks for IpAddress / NotIpAddress, without node:net so the editor
// can load the engine too. Addresses are held as 128-bit values in four 32-bit words; IPv4 stays IPv4.

export interface IpBlock { readonly v6: boolean; readonly words: Uint32Array; readonly prefix: number }

/** Parses "10.0.0.0/8", "203.0.113.7", "2001:db8::/32", "::ffff:1.2.3.4"; undefined if malformed. */
export function parseCidr(text: string): IpBlock | undefined {
  const slash = text.indexOf("/");
  const addr = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!addr) return undefined;
  const max = addr.v6 ? 128 : 32;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = Number(p);
    if (prefix > max) return undefined;
  }
  return { v6: addr.v6, words: addr.words, prefix };
}

export function parseIp(text: string): { v6: boolean; words: Uint32Array } | undefined {
  if (text.includes(":")) {
    const words = parseIpv6(text);
    return words && { v6: true, words };
  }
  const v4 = parseIpv4(text);
  return v4 === undefined ? undefined : { v6: false, words: Uint32Array.of(v4, 0, 0, 0) };
}

// By character codes: aws:SourceIp is parsed on every request that meets an IpAddress condition.
function parseIpv4(text: string): number | undefined {
  let n = 0, octet = 0, digits = 0, dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return undefined;
      octet = octet * 10 + (c - 48);
    } else if (c === 46) {
      if (digits === 0 || octet > 255 || ++dots > 3) return undefined;
      n = n * 256 + octet; octet = 0; digits = 0;
    } else return undefined;
  }
  if (digits === 0 || octet > 255 || dots !== 3) return undefined;
  return (n * 256 + octet) >>> 0;
}

let lastText: string | undefined;
let lastAddr: { v6: boolean; words: Uint32Array } | undefined;
const scratchV4 = { v6: false, words: new Uint32Array(4) };

/**
 * parseIp with a one-entry memo (several conditions in one request read the same aws:SourceIp) and no
 * allocation for IPv4. The result is only valid until the next call.
 */
export function parseIpCached(text: string): { v6: boolean; words: Uint32Array } | undefined {
  if (text === lastText) return lastAddr;
  lastText = text;
  if (!text.includes(":")) {
    const v4 = parseIpv4(text);
    if (v4 === undefined) lastAddr = undefined;
    else { scratchV4.words[0] = v4; lastAddr = scratchV4; }
  } else lastAddr = parseIp(text);
  return lastAddr;
}

function parseIpv6(text: string): Uint32Array | undefined {
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  // An embedded IPv4 tail ("::ffff:1.2.3.4") becomes the last two 16-bit groups.
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = text.slice(0, lastColon + 1) + (v4 >>> 16).toString(16) + ":" + (v4 & 0xffff).toString(16);
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const group = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  if (!head || !rest) return undefined;
  if (halves.length === 2 && head.length + rest.length > 7) return undefined;
  const groups = halves.length === 2 ? [...head, ...new Array(8 - head.length - rest.length).fill(0), ...rest] : head;
  if (groups.length !== 8) return undefined;
  const words = new Uint32Array(4);
  for (let i = 0; i < 4; i++) words[i] = ((groups[2 * i]! << 16) | groups[2 * i + 1]!) >>> 0;
  return words;
}

export function blockContains(block: IpBlock, addr: { v6: boolean; words: Uint32Array }): boolean {
  if (block.v6 !== addr.v6) return false;
  let bits = block.prefix;
  for (let i = 0; i < 4 && bits > 0; i++) {
    const take = bits >= 32 ? 32 : bits;
    const mask = take === 32 ? 0xffffffff : (~(0xffffffff >>> take)) >>> 0;
    if (((block.words[i]! ^ addr.words[i]!) & mask) >>> 0 !== 0) return false;
    bits -= take;
  }
  return true;
}
