// The declarative input of generate.mjs: every certificate of the adversarial suite, by file
// name (`<case group>.<role>`). `issuer` names the issuing spec (none: self-signed); keys are
// the fixed keys in keys/. Dates default to 2020-01-01 .. 2040-01-01; the suite validates at
// 2026-06-01. What each file is for, and the verdict expected, is in cases-*.ts.

import { ext, oid, seq } from './der.mjs'

const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4'
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1'
const ANY_POLICY = '2.5.29.32.0'

const root = (subject, extra = {}) => ({
  subject,
  key: 'root',
  basicConstraints: { ca: true },
  keyUsage: ['keyCertSign', 'cRLSign'],
  ...extra,
})
const ca = (subject, issuer, extra = {}) => ({
  subject,
  issuer,
  key: 'ca',
  basicConstraints: { ca: true },
  keyUsage: ['keyCertSign', 'cRLSign'],
  ...extra,
})
const leaf = (subject, issuer, email, extra = {}) => ({
  subject,
  issuer,
  key: 'leaf',
  basicConstraints: { ca: false },
  keyUsage: ['digitalSignature', 'keyEncipherment'],
  extKeyUsage: [EMAIL_PROTECTION],
  san: [{ email }],
  ...extra,
})

const specs = {
  // A well-formed path: the positive control every other case departs from.
  'good.root': root('Good Root'),
  'good.ca': ca('Good CA', 'good.root'),
  'good.leaf': leaf('Good Leaf', 'good.ca', 'alice@good.example'),

  // The anchor's own name constraints (RFC 5280 §4.2.1.10 on a root; RFC 5937 §3.2).
  'anc-nc.root': root('NC Root', {
    nameConstraints: {
      permitted: [{ email: 'good.example' }, { email: '.good.example' }],
      excluded: [{ email: '.blocked.good.example' }],
    },
  }),
  'anc-nc.ca': ca('NC CA', 'anc-nc.root'),
  'anc-nc.leaf-ok': leaf('NC Leaf OK', 'anc-nc.ca', 'alice@good.example'),
  'anc-nc.leaf-outside': leaf('NC Leaf Outside', 'anc-nc.ca', 'eve@evil.example'),
  'anc-nc.leaf-excluded': leaf('NC Leaf Excluded', 'anc-nc.ca', 'eve@x.blocked.good.example'),
  // Copies of the root without its constraints: one with a broken self-signature, one
  // correctly self-signed (a "re-issued" root). Neither may replace the configured anchor.
  'anc-nc.copy-bad-sig': root('NC Root', { tamper: 'signature' }),
  'anc-nc.copy-good-sig': root('NC Root'),

  // The anchor's pathLenConstraint 0: no intermediate below it (RFC 5280 §4.2.1.9).
  'anc-pl0.root': root('PL0 Root', { basicConstraints: { ca: true, pathLen: 0 } }),
  'anc-pl0.ca': ca('PL0 CA', 'anc-pl0.root'),
  'anc-pl0.leaf': leaf('PL0 Leaf', 'anc-pl0.ca', 'alice@good.example'),
  'anc-pl0.direct-leaf': leaf('PL0 Direct Leaf', 'anc-pl0.root', 'alice@good.example'),

  // An expired anchor and copies of it with a later notAfter.
  'anc-exp.root': root('Expired Root', { notAfter: '2025-01-01T00:00:00Z' }),
  'anc-exp.copy-bad-sig': root('Expired Root', { tamper: 'signature' }),
  'anc-exp.copy-good-sig': root('Expired Root'),
  'anc-exp.ca': ca('Expired Root CA', 'anc-exp.root'),
  'anc-exp.leaf': leaf('Expired Root Leaf', 'anc-exp.ca', 'alice@good.example'),

  // Anchors that are no CA: cA false, and a v3 certificate without basicConstraints.
  'anc-nonca.root': root('Non-CA Root', {
    basicConstraints: { ca: false },
    keyUsage: ['digitalSignature', 'keyCertSign'],
  }),
  'anc-nonca.leaf': leaf('Non-CA Root Leaf', 'anc-nonca.root', 'alice@good.example'),
  'anc-nobc.root': root('No-BC Root', { basicConstraints: undefined }),
  'anc-nobc.leaf': leaf('No-BC Root Leaf', 'anc-nobc.root', 'alice@good.example'),

  // RFC 5280 §4.1.1.2: inner signature (sha512WithRSA) differs from the outer one (sha256).
  'sigalg.leaf': leaf('Sigalg Leaf', 'good.ca', 'alice@good.example', {
    tamper: 'inner-algorithm',
  }),

  // RFC 5280 §4.2.1.10: empty NameConstraints, and empty permittedSubtrees.
  'nc-empty.ca': ca('NC Empty CA', 'good.root', { nameConstraints: { raw: '3000' } }),
  'nc-empty.leaf': leaf('NC Empty Leaf', 'nc-empty.ca', 'alice@good.example'),
  'nc-empty-subtrees.ca': ca('NC Empty Subtrees CA', 'good.root', {
    nameConstraints: { raw: '3002a000' },
  }),
  'nc-empty-subtrees.leaf': leaf(
    'NC Empty Subtrees Leaf',
    'nc-empty-subtrees.ca',
    'a@good.example',
  ),

  // dNSName constraints (RFC 5280 §4.2.1.10) against SAN dNSNames (§4.2.1.6).
  'nc-dns.ca': ca('NC DNS CA', 'good.root', {
    nameConstraints: { permitted: [{ dns: 'example.com' }] },
  }),
  'nc-dns.leaf-ok': leaf('NC DNS OK', 'nc-dns.ca', 'alice@example.com', {
    san: [{ email: 'alice@example.com' }, { dns: 'mail.example.com' }],
  }),
  'nc-dns.leaf-dot': leaf('NC DNS Dot', 'nc-dns.ca', 'alice@example.com', {
    san: [{ email: 'alice@example.com' }, { dns: '.example.com' }],
  }),
  'nc-dns.leaf-outside': leaf('NC DNS Outside', 'nc-dns.ca', 'alice@example.com', {
    san: [{ email: 'alice@example.com' }, { dns: 'mail.evil.example' }],
  }),

  // RFC 5280 §4.1 and §6.1, one rule each, below good.root / good.ca.
  'rfc.leaf-expired': leaf('Expired Leaf', 'good.ca', 'alice@good.example', {
    notAfter: '2025-01-01T00:00:00Z',
  }),
  'rfc.leaf-not-yet-valid': leaf('Future Leaf', 'good.ca', 'alice@good.example', {
    notBefore: '2030-01-01T00:00:00Z',
  }),
  'rfc.ca-expired': ca('Expired CA', 'good.root', { notAfter: '2025-01-01T00:00:00Z' }),
  'rfc.leaf-under-expired-ca': leaf('Leaf Under Expired CA', 'rfc.ca-expired', 'a@good.example'),
  'rfc.ca-not-ca': ca('Not-CA CA', 'good.root', { basicConstraints: { ca: false } }),
  'rfc.leaf-under-not-ca': leaf('Leaf Under Not-CA', 'rfc.ca-not-ca', 'alice@good.example'),
  'rfc.ca-no-bc': ca('No-BC CA', 'good.root', { basicConstraints: undefined }),
  'rfc.leaf-under-no-bc': leaf('Leaf Under No-BC', 'rfc.ca-no-bc', 'alice@good.example'),
  'rfc.ca-bc-not-critical': ca('BC Not Critical CA', 'good.root', {
    basicConstraints: { ca: true, critical: false },
  }),
  'rfc.leaf-under-bc-not-critical': leaf(
    'Leaf Under BC Not Critical',
    'rfc.ca-bc-not-critical',
    'a@good.example',
  ),
  'rfc.ca-no-keycertsign': ca('No-keyCertSign CA', 'good.root', {
    keyUsage: ['digitalSignature', 'cRLSign'],
  }),
  'rfc.leaf-under-no-keycertsign': leaf(
    'Leaf Under No-keyCertSign',
    'rfc.ca-no-keycertsign',
    'a@good.example',
  ),
  'rfc.leaf-bad-signature': leaf('Bad Signature Leaf', 'good.ca', 'alice@good.example', {
    tamper: 'signature',
  }),
  'rfc.leaf-unknown-critical': leaf('Unknown Critical Leaf', 'good.ca', 'alice@good.example', {
    unknownCritical: true,
  }),
  'rfc.ca-pathlen0': ca('PathLen0 CA', 'good.root', { basicConstraints: { ca: true, pathLen: 0 } }),
  'rfc.ca-below-pathlen0': { ...ca('Below PathLen0 CA', 'rfc.ca-pathlen0'), key: 'other' },
  'rfc.leaf-below-pathlen0': leaf('Leaf Below PathLen0', 'rfc.ca-below-pathlen0', 'a@good.example'),
  'rfc.nobody': ca('Nobody CA', 'good.root'),
  'rfc.leaf-unknown-issuer': leaf('Unknown Issuer Leaf', 'rfc.nobody', 'alice@good.example'),
  'rfc.ca-nc-dirname': ca('DirName NC CA', 'good.root', {
    nameConstraints: { permitted: [{ dir: 'Elsewhere' }] },
  }),
  'rfc.leaf-outside-dirname': leaf('Leaf Outside DirName', 'rfc.ca-nc-dirname', 'a@good.example'),
  'rfc.ca-explicit-policy': ca('Explicit Policy CA', 'good.root', {
    policies: [ANY_POLICY],
    requireExplicitPolicy: 0,
  }),
  'rfc.leaf-no-policy': leaf('Leaf Without Policy', 'rfc.ca-explicit-policy', 'a@good.example'),

  // An issuer that expired after it issued the leaf: the shell model refuses, the chain model
  // (each issuer valid when it issued its child) accepts.
  'model.ca': ca('Model CA', 'good.root', { notAfter: '2025-01-01T00:00:00Z' }),
  'model.leaf': leaf('Model Leaf', 'model.ca', 'alice@good.example', {
    notBefore: '2022-01-01T00:00:00Z',
  }),

  // RFC 5280 §4.1 and §4.2 structure rules a verifier can check, one each.
  'struct.leaf-v1-with-extensions': leaf('V1 Leaf', 'good.ca', 'alice@good.example', {
    version: 1,
  }),
  'struct.leaf-duplicate-extension': leaf('Duplicate SAN', 'good.ca', 'alice@good.example', {
    extra: [
      ext('2.5.29.17', false, seq(Buffer.from('8112616c69636540676f6f642e6578616d706c65', 'hex'))),
    ],
  }),
  'struct.leaf-empty-key-usage': leaf('Empty KU', 'good.ca', 'alice@good.example', {
    keyUsage: [],
  }),
  'struct.leaf-keycertsign': leaf('Leaf keyCertSign', 'good.ca', 'alice@good.example', {
    keyUsage: ['digitalSignature', 'keyCertSign'],
  }),
  'struct.leaf-pathlen-not-ca': leaf('Leaf PathLen', 'good.ca', 'alice@good.example', {
    basicConstraints: { ca: false, pathLen: 0 },
  }),
  'struct.leaf-empty-san': leaf('Empty SAN', 'good.ca', 'alice@good.example', { san: [] }),
  'struct.leaf-empty-subject-san-not-critical': leaf('', 'good.ca', 'alice@good.example'),
  'struct.leaf-empty-subject-san-critical': leaf('', 'good.ca', 'alice@good.example', {
    sanCritical: true,
  }),
  'struct.leaf-no-aki': leaf('No AKI', 'good.ca', 'alice@good.example', { noAki: true }),
  'struct.leaf-aki-critical': leaf('Critical AKI', 'good.ca', 'alice@good.example', {
    akiCritical: true,
  }),
  'struct.ca-no-ski': ca('No SKI CA', 'good.root', { noSki: true }),
  'struct.leaf-under-no-ski': leaf('Leaf Under No SKI', 'struct.ca-no-ski', 'alice@good.example'),
  'struct.ca-nc-minimum': ca('NC Minimum CA', 'good.root', {
    // permittedSubtrees { GeneralSubtree { rfc822Name "good.example", minimum [0] 1 } }
    nameConstraints: { raw: '3015a0133011810c676f6f642e6578616d706c65800101' },
  }),
  'struct.leaf-under-nc-minimum': leaf(
    'Leaf Under NC Minimum',
    'struct.ca-nc-minimum',
    'a@good.example',
  ),
  'struct.ca-nc-not-critical': ca('NC Not Critical CA', 'good.root', {
    nameConstraints: { permitted: [{ email: 'good.example' }], critical: false },
  }),
  'struct.leaf-under-nc-not-critical': leaf(
    'Leaf Under NC Not Critical',
    'struct.ca-nc-not-critical',
    'eve@evil.example',
  ),
  'struct.ca-maps-any-policy': ca('Maps anyPolicy CA', 'good.root', {
    policies: [ANY_POLICY],
    // RFC 5280 §4.2.1.5: policies MUST NOT be mapped to or from anyPolicy.
    extra: [ext('2.5.29.33', true, seq(seq(oid(ANY_POLICY), oid('1.3.6.1.4.1.55555.2.1'))))],
  }),
  'struct.leaf-under-maps-any-policy': leaf(
    'Leaf Under anyPolicy Mapping',
    'struct.ca-maps-any-policy',
    'a@good.example',
    {
      policies: ['1.3.6.1.4.1.55555.2.1'],
    },
  ),

  // §6.1.3 (a)(1) with the right issuer name but another key; §6.1.3 (a)(3) revocation.
  'rfc.leaf-wrong-key': leaf('Wrong Key Leaf', 'good.ca', 'alice@good.example', {
    signedWith: 'other',
  }),
  'rfc.leaf-revoked': leaf('Revoked Leaf', 'good.ca', 'alice@good.example'),

  'struct.leaf-duplicate-policy': leaf('Duplicate Policy', 'good.ca', 'alice@good.example', {
    policies: ['1.3.6.1.4.1.55555.2.1', '1.3.6.1.4.1.55555.2.1'],
  }),
  'struct.ca-empty-policy-constraints': ca('Empty PolicyConstraints CA', 'good.root', {
    extra: [ext('2.5.29.36', true, seq())],
  }),
  'struct.leaf-under-empty-policy-constraints': leaf(
    'Leaf Under Empty PolicyConstraints',
    'struct.ca-empty-policy-constraints',
    'alice@good.example',
  ),
  'rfc.ca-unknown-critical': ca('Unknown Critical CA', 'good.root', { unknownCritical: true }),
  'rfc.leaf-under-unknown-critical': leaf(
    'Leaf Under Unknown Critical',
    'rfc.ca-unknown-critical',
    'a@good.example',
  ),
  'rfc.ca-v1': ca('V1 CA', 'good.root', { version: 1, bare: true }),
  'rfc.leaf-under-v1-ca': leaf('Leaf Under V1 CA', 'rfc.ca-v1', 'alice@good.example'),

  // RFC 8550 §4.4: the S/MIME profile of a signer's certificate.
  'smime.leaf-no-digital-signature': leaf('No digitalSignature', 'good.ca', 'alice@good.example', {
    keyUsage: ['keyEncipherment'],
  }),
  'smime.leaf-any-eku': leaf('Any EKU Leaf', 'good.ca', 'alice@good.example', {
    extKeyUsage: ['2.5.29.37.0'],
  }),
  'smime.leaf-sign-only': leaf('Sign Only Leaf', 'good.ca', 'alice@good.example', {
    keyUsage: ['digitalSignature'],
  }),
  'smime.leaf-server-auth': leaf('Server Auth Leaf', 'good.ca', 'alice@good.example', {
    extKeyUsage: [SERVER_AUTH],
  }),
}

// CRLs by file name: `issuer` names the issuing spec, `revoked` the certificates it revokes.
export const CRLS = {
  'good.ca-crl': {
    issuer: 'good.ca',
    revoked: ['rfc.leaf-revoked'],
    number: 1,
    thisUpdate: '2026-05-01T00:00:00Z',
    nextUpdate: '2026-07-01T00:00:00Z',
  },
}

// Serial numbers follow the order above, so each run writes the same bytes.
export const CERTS = Object.fromEntries(
  Object.entries(specs).map(([file, spec], index) => [file, { ...spec, serial: 0x1000 + index }]),
)
