/**
 * A WebCrypto whose importKey calls are counted (per key format); everything else is the real
 * implementation. `failNext` makes the next import reject, as a runtime that refuses a key does.
 */
export function countingCrypto(): {
  crypto: Crypto
  imports: (format?: KeyFormat) => number
  failNext: () => void
} {
  const counts = new Map<string, number>()
  let fail = false
  const crypto = cryptoWith({
    importKey: ((...args: Parameters<SubtleCrypto['importKey']>) => {
      counts.set(args[0], (counts.get(args[0]) ?? 0) + 1)
      if (fail) {
        fail = false
        return Promise.reject(new DOMException('refused for the test', 'DataError'))
      }
      return globalThis.crypto.subtle.importKey(...args)
    }) as SubtleCrypto['importKey'],
  })
  return {
    crypto,
    imports: (format) =>
      format ? (counts.get(format) ?? 0) : [...counts.values()].reduce((a, b) => a + b, 0),
    failNext: () => {
      fail = true
    },
  }
}

/** The real WebCrypto with some `subtle` methods replaced. */
export function cryptoWith(overrides: Partial<SubtleCrypto>): Crypto {
  const subtle = new Proxy(globalThis.crypto.subtle, {
    get(target, name) {
      if (Object.hasOwn(overrides, name)) return overrides[name as keyof SubtleCrypto]
      const value = Reflect.get(target, name) as unknown
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value
    },
  })
  const crypto = {
    subtle,
    getRandomValues: (a: Uint8Array) => globalThis.crypto.getRandomValues(a),
  }
  return crypto as unknown as Crypto
}
