// Adversarial cases on trust anchors (their constraints, copies of them, non-CA anchors) and
// on the malformed structures that used to read as "no constraint". The certificates come from
// generate.mjs (specs.mjs says what each one is).
import type { AdversarialCase } from './cases.js'

const good = { anchors: ['good.root'], intermediates: ['good.ca'] }

export const cases: AdversarialCase[] = [
  {
    name: 'a good path is trusted',
    rfc: 'RFC 5280 §6.1',
    leaf: 'good.leaf',
    ...good,
    expected: 'trusted',
  },

  // The anchor's own constraints (issue: the root's nameConstraints and pathLen were ignored).
  {
    name: 'anchor nameConstraints: a permitted address is trusted',
    rfc: 'RFC 5280 §4.2.1.10, RFC 5937 §3.2',
    leaf: 'anc-nc.leaf-ok',
    anchors: ['anc-nc.root'],
    intermediates: ['anc-nc.ca'],
    expected: 'trusted',
  },
  {
    name: 'anchor nameConstraints: an address outside the permitted subtrees',
    rfc: 'RFC 5280 §4.2.1.10, RFC 5937 §3.2',
    leaf: 'anc-nc.leaf-outside',
    anchors: ['anc-nc.root'],
    intermediates: ['anc-nc.ca'],
    expected: { code: 'ERR_PKI_NAME_CONSTRAINT' },
  },
  {
    name: 'anchor nameConstraints: an address in an excluded subtree',
    rfc: 'RFC 5280 §4.2.1.10, RFC 5937 §3.2',
    leaf: 'anc-nc.leaf-excluded',
    anchors: ['anc-nc.root'],
    intermediates: ['anc-nc.ca'],
    expected: { code: 'ERR_PKI_NAME_CONSTRAINT' },
  },
  {
    name: 'anchor nameConstraints are ignored only when the caller turns them off',
    rfc: 'RFC 5280 §6.1.1 (d)',
    leaf: 'anc-nc.leaf-outside',
    anchors: ['anc-nc.root'],
    intermediates: ['anc-nc.ca'],
    options: { enforceAnchorConstraints: false },
    expected: 'trusted',
    openssl:
      'enforceAnchorConstraints: false has no OpenSSL equivalent (OpenSSL always applies them)',
  },
  {
    name: 'a copy of the anchor without its constraints and with a broken signature',
    rfc: 'RFC 5280 §6.1.1 (d), RFC 5914 §1',
    leaf: 'anc-nc.leaf-outside',
    anchors: ['anc-nc.root'],
    intermediates: ['anc-nc.copy-bad-sig', 'anc-nc.ca'],
    expected: { code: 'ERR_PKI_NAME_CONSTRAINT' },
  },
  {
    name: 'a correctly self-signed copy of the anchor without its constraints',
    rfc: 'RFC 5280 §6.1.1 (d), RFC 5914 §1',
    leaf: 'anc-nc.leaf-outside',
    anchors: ['anc-nc.root'],
    intermediates: ['anc-nc.copy-good-sig', 'anc-nc.ca'],
    expected: { code: 'ERR_PKI_NAME_CONSTRAINT' },
  },
  {
    name: 'anchor pathLenConstraint 0 with an intermediate below it',
    rfc: 'RFC 5280 §4.2.1.9, §6.1.4 (l)',
    leaf: 'anc-pl0.leaf',
    anchors: ['anc-pl0.root'],
    intermediates: ['anc-pl0.ca'],
    expected: { code: 'ERR_PKI_PATH_LENGTH' },
  },
  {
    name: 'anchor pathLenConstraint 0 with the leaf directly below it',
    rfc: 'RFC 5280 §4.2.1.9',
    leaf: 'anc-pl0.direct-leaf',
    anchors: ['anc-pl0.root'],
    expected: 'trusted',
  },
  {
    name: 'a TrustAnchor pathLength 0 limits a root that has none',
    rfc: 'RFC 5914 §2 (pathLenConstraint)',
    leaf: 'good.leaf',
    anchors: [{ file: 'good.root', pathLength: 0 }],
    intermediates: ['good.ca'],
    expected: { code: 'ERR_PKI_PATH_LENGTH' },
    openssl:
      'a pathLenConstraint configured beside the certificate (RFC 5914) has no OpenSSL equivalent',
  },
  {
    name: 'a name-and-key anchor carries only the constraints configured with it',
    rfc: 'RFC 5914 §2, RFC 5937 §3.2',
    leaf: 'anc-nc.leaf-outside',
    anchors: [{ file: 'anc-nc.root', keyOnly: true }],
    intermediates: ['anc-nc.ca'],
    expected: 'trusted',
    openssl:
      'OpenSSL takes its anchors as certificates, with their extensions; a name-and-key anchor has none',
  },
  {
    name: 'an expired anchor with a re-dated copy whose signature is broken',
    rfc: 'RFC 5280 §6.1.1 (d), §4.1.1.3',
    leaf: 'anc-exp.leaf',
    anchors: ['anc-exp.root'],
    intermediates: ['anc-exp.copy-bad-sig', 'anc-exp.ca'],
    expected: { code: 'ERR_PKI_EXPIRED' },
  },
  {
    name: 'an expired anchor with a correctly self-signed re-dated copy',
    rfc: 'RFC 5280 §6.1.1 (d)',
    leaf: 'anc-exp.leaf',
    anchors: ['anc-exp.root'],
    intermediates: ['anc-exp.copy-good-sig', 'anc-exp.ca'],
    expected: { code: 'ERR_PKI_EXPIRED' },
  },
  {
    name: 'an anchor with cA false is refused',
    rfc: 'RFC 5280 §4.2.1.9, §6.1.4 (k)',
    leaf: 'anc-nonca.leaf',
    anchors: ['anc-nonca.root'],
    expected: { throws: 'ERR_PKI_REFUSED_ANCHOR' },
  },
  {
    name: 'an anchor without basicConstraints is refused',
    rfc: 'RFC 5280 §4.2.1.9, §6.1.4 (k)',
    leaf: 'anc-nobc.leaf',
    anchors: ['anc-nobc.root'],
    expected: { throws: 'ERR_PKI_REFUSED_ANCHOR' },
  },
  {
    name: 'a non-CA anchor is accepted when the caller allows it explicitly',
    rfc: 'RFC 5280 §6.1.1 (d)',
    leaf: 'anc-nonca.leaf',
    anchors: [{ file: 'anc-nonca.root', allowNonCa: true }],
    expected: 'trusted',
    openssl: 'allowNonCa has no OpenSSL equivalent: OpenSSL refuses a non-CA issuer',
  },

  // Certificate structure and name constraints (RFC 5280 §4.1, §4.2).
  {
    name: 'inner and outer signature AlgorithmIdentifiers differ',
    rfc: 'RFC 5280 §4.1.1.2',
    leaf: 'sigalg.leaf',
    ...good,
    expected: { code: 'ERR_PKI_MALFORMED_CERTIFICATE' },
  },
  {
    name: 'an empty nameConstraints extension is malformed, not "no constraint"',
    rfc: 'RFC 5280 §4.2.1.10',
    leaf: 'nc-empty.leaf',
    anchors: ['good.root'],
    intermediates: ['nc-empty.ca'],
    expected: { code: 'ERR_PKI_MALFORMED_EXTENSION' },
    openssl: 'OpenSSL 3.0 reads an empty NameConstraints as no constraint (lenient)',
  },
  {
    name: 'empty permittedSubtrees are malformed (GeneralSubtrees SIZE 1..MAX)',
    rfc: 'RFC 5280 §4.2.1.10',
    leaf: 'nc-empty-subtrees.leaf',
    anchors: ['good.root'],
    intermediates: ['nc-empty-subtrees.ca'],
    expected: { code: 'ERR_PKI_MALFORMED_EXTENSION' },
    openssl: 'OpenSSL 3.0 reads empty permittedSubtrees as no constraint (lenient)',
  },
  {
    name: 'a dNSName inside a permitted dNSName subtree is trusted',
    rfc: 'RFC 5280 §4.2.1.10',
    leaf: 'nc-dns.leaf-ok',
    anchors: ['good.root'],
    intermediates: ['nc-dns.ca'],
    expected: 'trusted',
  },
  {
    name: 'a dNSName outside the permitted dNSName subtree',
    rfc: 'RFC 5280 §4.2.1.10',
    leaf: 'nc-dns.leaf-outside',
    anchors: ['good.root'],
    intermediates: ['nc-dns.ca'],
    expected: { code: 'ERR_PKI_NAME_CONSTRAINT' },
  },
  {
    name: 'a malformed dNSName ".example.com" does not pass as inside example.com',
    rfc: 'RFC 5280 §4.2.1.6, §4.2.1.10',
    leaf: 'nc-dns.leaf-dot',
    anchors: ['good.root'],
    intermediates: ['nc-dns.ca'],
    expected: { code: 'ERR_PKI_NAME_CONSTRAINT' },
    openssl:
      'OpenSSL 3.0 matches ".example.com" against example.com by suffix without checking the host name syntax (lenient)',
  },
]
