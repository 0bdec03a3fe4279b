#!/usr/bin/env node
// Generates the adversarial certificates of this folder: small paths that each break one rule
// of RFC 5280 §4.1, §4.2, §6.1 or the S/MIME profile of RFC 8550 §4.4, or try to get around
// the trust anchor (its constraints, forged copies of it, non-CA anchors).
//
// Deterministic: fixed keys (keys/*.key.pem, RSA-2048, made once with `openssl genpkey`),
// fixed serials and dates, RSASSA-PKCS1-v1_5 with SHA-256 (deterministic signatures). Running
// it again writes the same bytes; the test `generated.node.test.ts` checks that.
// Usage: node packages/pki/test/adversarial/generate.mjs [outDir]   (default: ./certs)
// The expected verdicts are in cases-*.ts, next to this file.
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CERTS } from './specs.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const out = process.argv[2] ?? join(here, 'certs')

// --- a minimal DER writer (X.690) ---
const len = (n) =>
  n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : null
const tlv = (tag, content) => Buffer.concat([Buffer.from([tag, ...len(content.length)]), content])
const seq = (...parts) => tlv(0x30, Buffer.concat(parts))
const set = (...parts) => tlv(0x31, Buffer.concat(parts))
const ctx = (n, constructed, content) => tlv(0x80 | (constructed ? 0x20 : 0) | n, content)
const int = (n) => {
  const bytes = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
  if (bytes.length === 0 || bytes[0] & 0x80) bytes.unshift(0)
  return tlv(0x02, Buffer.from(bytes))
}
const bool = (b) => Buffer.from([0x01, 0x01, b ? 0xff : 0x00])
const octets = (b) => tlv(0x04, b)
const utf8 = (s) => tlv(0x0c, Buffer.from(s, 'utf8'))
const ia5 = (s) => Buffer.from(s, 'latin1')
const oid = (dotted) => {
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
const time = (iso) => {
  const d = new Date(iso)
  const s = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(s.slice(2))) : tlv(0x18, Buffer.from(s))
}
const bits = (bytes, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), bytes]))

const name = (cn) =>
  seq(set(seq(oid('2.5.4.10'), utf8('Siegel Adversarial'))), set(seq(oid('2.5.4.3'), utf8(cn))))

// GeneralName (RFC 5280 §4.2.1.6) from { email | dns | dir | uri }.
const generalName = (g) =>
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
const keyUsageBits = (usages) => {
  let value = 0
  for (const u of usages) value |= 0x80 >> KEY_USAGE.indexOf(u)
  if (value === 0) return bits(Buffer.alloc(0))
  let unused = 0
  while (!(value & (1 << unused))) unused++
  return bits(Buffer.from([value]), unused)
}

const ext = (id, critical, value) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value))

const subtrees = (list) => Buffer.concat(list.map((g) => seq(generalName(g))))

/** The extensions of one certificate spec, in a fixed order. */
function extensions(spec, ski, aki) {
  const e = []
  if (spec.basicConstraints !== undefined) {
    const { ca, pathLen, critical = true } = spec.basicConstraints
    e.push(
      ext(
        '2.5.29.19',
        critical,
        seq(...(ca ? [bool(true)] : []), ...(pathLen !== undefined ? [int(pathLen)] : [])),
      ),
    )
  }
  if (spec.keyUsage) e.push(ext('2.5.29.15', true, keyUsageBits(spec.keyUsage)))
  if (spec.extKeyUsage) e.push(ext('2.5.29.37', false, seq(...spec.extKeyUsage.map(oid))))
  if (spec.san) e.push(ext('2.5.29.17', false, seq(...spec.san.map(generalName))))
  if (spec.nameConstraints) {
    const nc = spec.nameConstraints
    const value =
      nc.raw !== undefined
        ? Buffer.from(nc.raw, 'hex')
        : seq(
            ...(nc.permitted ? [ctx(0, true, subtrees(nc.permitted))] : []),
            ...(nc.excluded ? [ctx(1, true, subtrees(nc.excluded))] : []),
          )
    e.push(ext('2.5.29.30', true, value))
  }
  if (spec.policies) e.push(ext('2.5.29.32', false, seq(...spec.policies.map((p) => seq(oid(p))))))
  if (spec.requireExplicitPolicy !== undefined)
    e.push(ext('2.5.29.36', true, seq(ctx(0, false, Buffer.from([spec.requireExplicitPolicy])))))
  if (spec.unknownCritical) e.push(ext('1.3.6.1.4.1.55555.1.1', true, Buffer.from([0x05, 0x00])))
  e.push(ext('2.5.29.14', false, octets(ski)))
  if (aki) e.push(ext('2.5.29.35', false, seq(ctx(0, false, aki))))
  return seq(...e)
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'
const SHA512_WITH_RSA = '1.2.840.113549.1.1.13'
const alg = (id) => seq(oid(id), Buffer.from([0x05, 0x00]))

const keys = {}
function key(id) {
  keys[id] ??= createPrivateKey(readFileSync(join(here, 'keys', `${id}.key.pem`)))
  return keys[id]
}
const spki = (id) => createPublicKey(key(id)).export({ type: 'spki', format: 'der' })
const keyId = (id) => createHash('sha1').update(spki(id)).digest()

/** One certificate from its spec (see specs.mjs); `issuer` is the issuing spec. */
function certificate(spec, issuer) {
  const issuerSpec = issuer ?? spec
  const innerAlg = spec.tamper === 'inner-algorithm' ? SHA512_WITH_RSA : SHA256_WITH_RSA
  const tbs = seq(
    ctx(0, true, int(2)),
    int(spec.serial),
    alg(innerAlg),
    name(issuerSpec.subject),
    seq(
      time(spec.notBefore ?? '2020-01-01T00:00:00Z'),
      time(spec.notAfter ?? '2040-01-01T00:00:00Z'),
    ),
    name(spec.subject),
    spki(spec.key),
    ctx(3, true, extensions(spec, keyId(spec.key), keyId(issuerSpec.key))),
  )
  const signature = sign('sha256', tbs, key(issuerSpec.key))
  // A broken signature: the issuer's valid one with its last byte flipped.
  if (spec.tamper === 'signature') signature[signature.length - 1] ^= 0x01
  return seq(tbs, alg(SHA256_WITH_RSA), bits(signature))
}

const pem = (der) =>
  `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`.replace(
    '\n\n',
    '\n',
  )

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
for (const [file, spec] of Object.entries(CERTS)) {
  const issuer = spec.issuer ? CERTS[spec.issuer] : undefined
  if (spec.issuer && !issuer) throw new Error(`${file}: unknown issuer ${spec.issuer}`)
  writeFileSync(join(out, `${file}.pem`), pem(certificate(spec, issuer)))
}
console.log(`wrote ${Object.keys(CERTS).length} certificates to ${out}`)
