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
import { CERTS, CRLS } from './specs.mjs'
import {
  alg,
  bits,
  bool,
  ctx,
  ext,
  generalName,
  int,
  keyUsageBits,
  name,
  octets,
  oid,
  seq,
  subtrees,
  time,
} from './der.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const out = process.argv[2] ?? join(here, 'certs')

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
  if (spec.san)
    e.push(ext('2.5.29.17', spec.sanCritical === true, seq(...spec.san.map(generalName))))
  if (spec.nameConstraints) {
    const nc = spec.nameConstraints
    const value =
      nc.raw !== undefined
        ? Buffer.from(nc.raw, 'hex')
        : seq(
            ...(nc.permitted ? [ctx(0, true, subtrees(nc.permitted))] : []),
            ...(nc.excluded ? [ctx(1, true, subtrees(nc.excluded))] : []),
          )
    e.push(ext('2.5.29.30', nc.critical !== false, value))
  }
  if (spec.policies) e.push(ext('2.5.29.32', false, seq(...spec.policies.map((p) => seq(oid(p))))))
  if (spec.requireExplicitPolicy !== undefined)
    e.push(ext('2.5.29.36', true, seq(ctx(0, false, Buffer.from([spec.requireExplicitPolicy])))))
  if (spec.unknownCritical) e.push(ext('1.3.6.1.4.1.55555.1.1', true, Buffer.from([0x05, 0x00])))
  // Raw extensions a case needs (duplicates, empty values, mappings), from der.mjs helpers.
  e.push(...(spec.extra ?? []))
  if (!spec.noSki) e.push(ext('2.5.29.14', false, octets(ski)))
  if (!spec.noAki) e.push(ext('2.5.29.35', spec.akiCritical === true, seq(ctx(0, false, aki))))
  return seq(...e)
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'
const SHA512_WITH_RSA = '1.2.840.113549.1.1.13'

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
    // version v3 [0]; a case with `version: 1` leaves it out (DEFAULT v1) and keeps extensions.
    ...(spec.version === 1 ? [] : [ctx(0, true, int(2))]),
    int(spec.serial),
    alg(innerAlg),
    name(issuerSpec.subject),
    seq(
      time(spec.notBefore ?? '2020-01-01T00:00:00Z', spec.generalizedTime),
      time(spec.notAfter ?? '2040-01-01T00:00:00Z'),
    ),
    name(spec.subject),
    spki(spec.key),
    // A bare v1 certificate (`version: 1, bare: true`) has no extensions at all.
    ...(spec.bare ? [] : [ctx(3, true, extensions(spec, keyId(spec.key), keyId(issuerSpec.key)))]),
  )
  const signature = sign('sha256', tbs, key(spec.signedWith ?? issuerSpec.key))
  // A broken signature: the issuer's valid one with its last byte flipped.
  if (spec.tamper === 'signature') signature[signature.length - 1] ^= 0x01
  return seq(tbs, alg(SHA256_WITH_RSA), bits(signature))
}

const pem = (der, label = 'CERTIFICATE') => {
  const lines = der
    .toString('base64')
    .match(/.{1,64}/g)
    .join('\n')
  return `-----BEGIN ${label}-----\n${lines}\n-----END ${label}-----\n`
}

/** A CRL (RFC 5280 §5.1) of `issuer`, revoking the certificates named in `spec.revoked`. */
function crl(spec, issuer) {
  const revoked = spec.revoked.map((file) =>
    seq(int(CERTS[file].serial), time(spec.revokedAt ?? '2025-06-01T00:00:00Z')),
  )
  const tbs = seq(
    int(1), // v2
    alg(SHA256_WITH_RSA),
    name(issuer.subject),
    time(spec.thisUpdate),
    time(spec.nextUpdate),
    ...(revoked.length ? [seq(...revoked)] : []),
    // crlExtensions: authorityKeyIdentifier and cRLNumber (§5.2.1, §5.2.3: conforming CAs MUST)
    ctx(
      0,
      true,
      seq(
        ext('2.5.29.35', false, seq(ctx(0, false, keyId(issuer.key)))),
        ext('2.5.29.20', false, int(spec.number)),
      ),
    ),
  )
  return seq(tbs, alg(SHA256_WITH_RSA), bits(sign('sha256', tbs, key(issuer.key))))
}

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
for (const [file, spec] of Object.entries(CERTS)) {
  const issuer = spec.issuer ? CERTS[spec.issuer] : undefined
  if (spec.issuer && !issuer) throw new Error(`${file}: unknown issuer ${spec.issuer}`)
  writeFileSync(join(out, `${file}.pem`), pem(certificate(spec, issuer)))
}
for (const [file, spec] of Object.entries(CRLS)) {
  const issuer = CERTS[spec.issuer]
  if (!issuer) throw new Error(`${file}: unknown issuer ${spec.issuer}`)
  writeFileSync(join(out, `${file}.pem`), pem(crl(spec, issuer), 'X509 CRL'))
}
console.log(
  `wrote ${Object.keys(CERTS).length} certificates and ${Object.keys(CRLS).length} CRLs to ${out}`,
)
