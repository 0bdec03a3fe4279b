// A minimal DER writer (X.690) for generate.mjs and specs.mjs.
const len = (n) =>
  n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : null
export const tlv = (tag, content) =>
  Buffer.concat([Buffer.from([tag, ...len(content.length)]), content])
export const seq = (...parts) => tlv(0x30, Buffer.concat(parts))
export const set = (...parts) => tlv(0x31, Buffer.concat(parts))
export const ctx = (n, constructed, content) => tlv(0x80 | (constructed ? 0x20 : 0) | n, content)
export const int = (n) => {
  const bytes = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
  if (bytes.length === 0 || bytes[0] & 0x80) bytes.unshift(0)
  return tlv(0x02, Buffer.from(bytes))
}
export const bool = (b) => Buffer.from([0x01, 0x01, b ? 0xff : 0x00])
export const octets = (b) => tlv(0x04, b)
export const utf8 = (s) => tlv(0x0c, Buffer.from(s, 'utf8'))
export const ia5 = (s) => Buffer.from(s, 'latin1')
export const oid = (dotted) => {
  const [a, b, ...rest] = dotted.split('.').map(Number)
  const bytes = []
  for (const arc of [a * 40 + b, ...rest]) {
    const chunk = [arc & 0x7f]
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
      chunk.unshift(0x80 | (v & 0x7f))
    bytes.push(...chunk)
  }
  return tlv(0x06, Buffer.from(bytes))
}
export const time = (iso, generalized = false) => {
  const d = new Date(iso)
  const s = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 (unless a case breaks it).
  return d.getUTCFullYear() < 2050 && !generalized
    ? tlv(0x17, Buffer.from(s.slice(2)))
    : tlv(0x18, Buffer.from(s))
}
export const bits = (bytes, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), bytes]))

export const name = (cn) =>
  cn === ''
    ? seq()
    : seq(set(seq(oid('2.5.4.10'), utf8('Siegel Adversarial'))), set(seq(oid('2.5.4.3'), utf8(cn))))

// GeneralName (RFC 5280 §4.2.1.6) from { email | dns | dir | uri }.
export const generalName = (g) =>
  g.email !== undefined
    ? ctx(1, false, ia5(g.email))
    : g.dns !== undefined
      ? ctx(2, false, ia5(g.dns))
      : g.dir !== undefined
        ? ctx(4, true, name(g.dir))
        : ctx(6, false, ia5(g.uri))

const KEY_USAGE = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
]
export const keyUsageBits = (usages) => {
  let value = 0
  for (const u of usages) value |= 0x80 >> KEY_USAGE.indexOf(u)
  if (value === 0) return bits(Buffer.alloc(0))
  let unused = 0
  while (!(value & (1 << unused))) unused++
  return bits(Buffer.from([value]), unused)
}

export const ext = (id, critical, value) =>
  seq(oid(id), ...(critical ? [bool(true)] : []), octets(value))

export const subtrees = (list) => Buffer.concat(list.map((g) => seq(generalName(g))))

export const alg = (id) => seq(oid(id), Buffer.from([0x05, 0x00]))
