import type { Certificate } from '../certificate/certificate.js'
import { latin1 } from '../lib/character-string.js'
import { checkMailboxConstraints } from '../mailbox/mailbox-constraints.js'
import { isEmptyName, nameWithin } from './names.js'
import { rawSubjectAltNames, type NameConstraints, type RawGeneralName } from './extensions.js'

// rfc822Name (1) is not here: e-mail addresses, in all three places a certificate carries
// them, are checked by the mailbox module.
const TYPE_NAMES: Readonly<Record<number, string>> = {
  2: 'dNSName',
  4: 'directoryName',
  6: 'URI',
  7: 'iPAddress',
}

/** A name of a certificate that broke a constraint, for the verdict's data. */
export interface ConstraintHit {
  type: string
  name: string
  /**
   * 'excluded' if it is inside an excluded subtree, 'permitted' if outside all permitted,
   * 'malformed' if it cannot be judged against the constraints of its type.
   */
  rule: 'excluded' | 'permitted' | 'malformed'
}

/** The names of a certificate that name constraints apply to (RFC 5280 §4.2.1.10, §6.1.3 b). */
function constrainedNames(cert: Certificate): RawGeneralName[] {
  const names = rawSubjectAltNames(cert)
  if (!isEmptyName(cert.subjectDer)) names.push({ tag: 4, value: cert.subjectDer })
  return names
}

function domainMatch(host: string, constraint: string): boolean {
  const h = host.toLowerCase()
  const c = constraint.toLowerCase()
  if (c === '') return true
  // A leading dot means "any host below"; without it the host itself and its subdomains.
  if (c.startsWith('.')) return h.endsWith(c)
  return h === c || h.endsWith('.' + c)
}

// RFC 5280 §4.2.1.6: a dNSName is in the preferred name syntax (RFC 1034 §3.5, RFC 1123),
// so no empty label: ".example.com" is no host name, and must not pass as one inside
// "example.com" (a leading dot only has a meaning in constraints). "*." is kept for wildcards.
const HOST_NAME = /^(?:\*\.)?[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/i

function uriHost(uri: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri)
  return match?.[1] || undefined
}

function ipMatch(address: Uint8Array, constraint: Uint8Array): boolean {
  if (constraint.length !== address.length * 2) return false
  for (let i = 0; i < address.length; i++) {
    const mask = constraint[address.length + i]!
    if ((address[i]! & mask) !== (constraint[i]! & mask)) return false
  }
  return true
}

/** Whether `name` lies within `subtree`; `undefined` if the name cannot be judged (no match). */
function within(name: RawGeneralName, subtree: RawGeneralName): boolean {
  switch (name.tag) {
    case 2:
      return domainMatch(latin1(name.value), latin1(subtree.value))
    case 4:
      return nameWithin(name.value, subtree.value)
    case 6: {
      const host = uriHost(latin1(name.value))
      // RFC 5280 §4.2.1.10: a URI constraint without a leading period is one host exactly.
      const c = latin1(subtree.value).toLowerCase()
      if (host === undefined) return false
      return c.startsWith('.') ? host.toLowerCase().endsWith(c) : host.toLowerCase() === c
    }
    case 7:
      return ipMatch(name.value, subtree.value)
    default:
      return false
  }
}

function display(name: RawGeneralName): string {
  if (name.tag === 4 || name.tag === 7)
    return Array.from(name.value, (b) => b.toString(16).padStart(2, '0')).join('')
  return latin1(name.value)
}

/**
 * Checks a certificate's names against one CA's name constraints: nothing may lie inside an
 * excluded subtree (excluded wins over permitted), and every name of a type that has permitted
 * subtrees must lie inside one of them.
 *
 * @returns the first offending name, or `undefined` if every name complies
 */
export function checkNameConstraints(
  cert: Certificate,
  constraints: NameConstraints,
): ConstraintHit | undefined {
  const mailHit = checkMailboxConstraints(cert, constraints.permitted, constraints.excluded)
  if (mailHit) return mailHit
  for (const name of constrainedNames(cert)) {
    const type = TYPE_NAMES[name.tag]
    if (!type) continue
    const constrained = [...constraints.excluded, ...(constraints.permitted ?? [])]
    if (
      name.tag === 2 &&
      !HOST_NAME.test(latin1(name.value)) &&
      constrained.some((s) => s.tag === 2)
    )
      return { type, name: display(name), rule: 'malformed' }
    if (constraints.excluded.some((s) => s.tag === name.tag && within(name, s)))
      return { type, name: display(name), rule: 'excluded' }
    const permitted = constraints.permitted?.filter((s) => s.tag === name.tag) ?? []
    if (permitted.length > 0 && !permitted.some((s) => within(name, s)))
      return { type, name: display(name), rule: 'permitted' }
  }
  return undefined
}
