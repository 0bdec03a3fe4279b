import type { Certificate } from '../certificate/certificate.js'
import { equalBytes } from '../lib/bytes.js'
import { nameKey, sameName } from './names.js'

/**
 * The certificates one path search may use, de-duplicated and indexed by subject once per
 * call, so that finding a certificate's issuer candidates costs the size of the answer and not
 * of the pool (a pool of hundreds of cross-certificates made the old per-step scan quadratic).
 * Insertion order is kept: anchors first, then intermediates, then fetched issuers.
 */
export class PoolIndex {
  readonly #byDer = new Map<number, Certificate[]>()
  readonly #bySubject = new Map<string, Certificate[]>()
  // Names with an attribute repeated inside one RDN have no key (see nameKey); they are few
  // and compared one by one.
  readonly #unkeyed: Certificate[] = []
  readonly #all: Certificate[] = []
  readonly #order = new Map<Certificate, number>()

  constructor(certificates: Iterable<Certificate>) {
    this.add(certificates)
  }

  /** Adds certificates not already in the pool (same DER); returns how many were new. */
  add(certificates: Iterable<Certificate>): number {
    let added = 0
    for (const certificate of certificates) {
      const hash = fingerprint(certificate.der)
      const same = this.#byDer.get(hash)
      if (same?.some((c) => equalBytes(c.der, certificate.der))) continue
      if (same) same.push(certificate)
      else this.#byDer.set(hash, [certificate])
      this.#order.set(certificate, this.#all.length)
      this.#all.push(certificate)
      const key = nameKey(certificate.subjectDer)
      if (key === undefined) this.#unkeyed.push(certificate)
      else {
        const bucket = this.#bySubject.get(key)
        if (bucket) bucket.push(certificate)
        else this.#bySubject.set(key, [certificate])
      }
      added++
    }
    return added
  }

  /**
   * Every pooled certificate whose subject is the child's issuer name (RFC 5280 §7.1 via
   * `sameName`), in pool order.
   */
  issuersOf(child: Certificate): readonly Certificate[] {
    const key = nameKey(child.issuerDer)
    const matches = (c: Certificate): boolean => sameName(c.subjectDer, child.issuerDer)
    if (key === undefined) return this.#all.filter(matches)
    const found = this.#bySubject.get(key) ?? []
    const odd = this.#unkeyed.filter(matches)
    if (odd.length === 0) return found
    return [...found, ...odd].sort((a, b) => this.#order.get(a)! - this.#order.get(b)!)
  }
}

// FNV-1a over the bytes: a cheap bucket for de-duplication (equal bytes decide), with no
// per-byte garbage as a hex string would make.
function fingerprint(bytes: Uint8Array): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193)
  return hash >>> 0
}
