// Punycode (RFC 3492), the ACE encoding of IDNA A-labels (RFC 5891 §4.4, §5.5). Written here
// rather than taken from a dependency or from `URL`: the WHATWG URL parser applies UTS #46
// mappings (fullwidth letters become ASCII), which is exactly what mailbox matching must not do.

// RFC 3492 §5: parameter values for Punycode.
const BASE = 36
const T_MIN = 1
const T_MAX = 26
const SKEW = 38
const DAMP = 700
const INITIAL_BIAS = 72
const INITIAL_N = 0x80
// RFC 5890 §2.3.2.1: an A-label is at most 63 octets, so its Punycode part is shorter than
// that; anything longer is refused before decoding (it also bounds the decoder's loops).
const MAX_ENCODED_CHARS = 59
const MAX_CODE_POINT = 0x10ffff

function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let d = firstTime ? Math.floor(delta / DAMP) : delta >> 1
  d += Math.floor(d / numPoints)
  let k = 0
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN))
    k += BASE
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW))
}

function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 22 // '0'..'9' are 26..35
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 // 'a'..'z' are 0..25
  return -1 // upper case is not accepted: callers lower-case A-labels first
}

function digitChar(d: number): string {
  return String.fromCharCode(d < 26 ? d + 0x61 : d + 22)
}

function threshold(k: number, bias: number): number {
  return k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias
}

/**
 * Decodes the Punycode part of an A-label (without `xn--`), RFC 3492 §6.2.
 * @returns the Unicode label, or `undefined` for input that is not valid Punycode
 */
export function decodePunycode(input: string): string | undefined {
  if (input.length === 0 || input.length > MAX_ENCODED_CHARS) return undefined
  const last = input.lastIndexOf('-')
  const output: number[] = []
  for (let i = 0; i < Math.max(last, 0); i++) {
    const c = input.charCodeAt(i)
    if (c >= 0x80) return undefined
    output.push(c)
  }
  let n = INITIAL_N
  let i = 0
  let bias = INITIAL_BIAS
  // RFC 3492 §6.2: the delimiter is consumed only if basic code points came before it.
  let pos = last > 0 ? last + 1 : 0
  while (pos < input.length) {
    const oldi = i
    let w = 1
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return undefined
      const digit = digitValue(input.charCodeAt(pos++))
      if (digit < 0) return undefined
      i += digit * w
      if (i > MAX_CODE_POINT * (output.length + 1)) return undefined // §6.4 overflow
      const t = threshold(k, bias)
      if (digit < t) break
      w *= BASE - t
    }
    bias = adapt(i - oldi, output.length + 1, oldi === 0)
    n += Math.floor(i / (output.length + 1))
    i %= output.length + 1
    if (n > MAX_CODE_POINT || (n >= 0xd800 && n <= 0xdfff)) return undefined
    output.splice(i, 0, n)
    i++
  }
  return String.fromCodePoint(...output)
}

/** Encodes a Unicode label as Punycode (RFC 3492 §6.3), without the `xn--` prefix. */
export function encodePunycode(label: string): string {
  const input = Array.from(label, (c) => c.codePointAt(0)!)
  const basic = input.filter((c) => c < 0x80)
  let output = String.fromCharCode(...basic)
  let h = basic.length
  if (h > 0) output += '-'
  let n = INITIAL_N
  let delta = 0
  let bias = INITIAL_BIAS
  while (h < input.length) {
    const m = Math.min(...input.filter((c) => c >= n))
    delta += (m - n) * (h + 1)
    n = m
    for (const c of input) {
      if (c < n) delta++
      if (c !== n) continue
      let q = delta
      for (let k = BASE; ; k += BASE) {
        const t = threshold(k, bias)
        if (q < t) break
        output += digitChar(t + ((q - t) % (BASE - t)))
        q = Math.floor((q - t) / (BASE - t))
      }
      output += digitChar(q)
      bias = adapt(delta, h + 1, h === basic.length)
      delta = 0
      h++
    }
    delta++
    n++
  }
  return output
}
