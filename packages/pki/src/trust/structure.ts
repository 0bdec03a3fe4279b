import type { Certificate } from '../certificate/certificate.js'
import { rawSubjectAltNames } from './extensions.js'
import { isEmptyName } from './names.js'
import type { TrustFailure } from './reasons.js'

const SUBJECT_ALT_NAME = '2.5.29.17'
// RFC 5280 §4.2.1.1 and §4.2.1.2: "Conforming CAs MUST mark this extension as non-critical."
const NEVER_CRITICAL: Readonly<Record<string, string>> = {
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.14': 'subjectKeyIdentifier',
}

function malformed(
  code: 'ERR_PKI_MALFORMED_CERTIFICATE' | 'ERR_PKI_MALFORMED_EXTENSION',
  cert: Certificate,
  message: string,
  data?: Record<string, unknown>,
): TrustFailure {
  return {
    code,
    message: `"${cert.subject}": ${message}`,
    certificate: cert,
    ...(data ? { data } : {}),
  }
}

/**
 * The structural MUSTs of RFC 5280 §4.1 and §4.2 that a verifier can check on a certificate of
 * the path (not the anchor, which the caller vouches for), where breaking them makes the
 * certificate mean something other than it seems. OpenSSL's `-x509_strict` refuses all of
 * these. Rules only a CA's conduct is judged by (a missing authority or subject key identifier,
 * basicConstraints not marked critical) are left out, as in Go and rustls-webpki, since
 * administration CAs in use break them without harm.
 *
 * @returns the first broken rule, or `undefined`
 */
export function checkStructure(cert: Certificate, endEntity: boolean): TrustFailure | undefined {
  // §4.1.2.9: "This field MUST only appear if the version is 3".
  if (cert.version < 3 && cert.extensions.length > 0)
    return malformed(
      'ERR_PKI_MALFORMED_CERTIFICATE',
      cert,
      `a v${cert.version} certificate with extensions`,
    )
  // (§4.2's "no extension twice" is refused when the certificate is parsed.)
  for (const { oid, critical } of cert.extensions) {
    const never = NEVER_CRITICAL[oid]
    if (critical && never)
      return malformed('ERR_PKI_MALFORMED_EXTENSION', cert, `${never} marked critical`, { oid })
  }
  // §4.2.1.4: "A certificate policy OID MUST NOT appear more than once".
  const policies = cert.policies.map((p) => p.oid)
  const twice = policies.find((oid, i) => policies.indexOf(oid) !== i)
  if (twice !== undefined)
    return malformed('ERR_PKI_MALFORMED_EXTENSION', cert, `policy ${twice} listed twice`, {
      oid: twice,
    })
  const ca = cert.basicConstraints?.ca === true
  // §4.2.1.9: "If the cA boolean is not asserted, then the keyCertSign bit ... MUST NOT be
  // asserted", and pathLenConstraint only where cA is asserted. (An intermediate without cA is
  // refused as no CA, the more telling reason.)
  if (endEntity && !ca && cert.keyUsage?.includes('keyCertSign'))
    return malformed('ERR_PKI_MALFORMED_EXTENSION', cert, 'keyCertSign without basicConstraints cA')
  if (endEntity && !ca && cert.basicConstraints?.pathLength !== undefined)
    return malformed('ERR_PKI_MALFORMED_EXTENSION', cert, 'pathLenConstraint without cA')
  const san = cert.extensions.find((e) => e.oid === SUBJECT_ALT_NAME)
  // §4.2.1.6: "the subjectAltName extension ... MUST contain at least one entry".
  if (san && rawSubjectAltNames(cert).length === 0)
    return malformed('ERR_PKI_MALFORMED_EXTENSION', cert, 'an empty subjectAltName')
  // §4.1.2.6: with an empty subject, the identity is in subjectAltName, which MUST be critical
  // so that a verifier that cannot read it does not take the certificate for anonymous.
  if (isEmptyName(cert.subjectDer) && !san?.critical)
    return malformed(
      'ERR_PKI_MALFORMED_CERTIFICATE',
      cert,
      'an empty subject without a critical subjectAltName',
    )
  return undefined
}
