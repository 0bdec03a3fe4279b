// Seeded, deterministic mutations: the same seed gives the same inputs on every machine.
import { fromBase64, fromLatin1, join, latin1, mutateBytes, toBase64 } from './bytes.mjs'
import { mutateDer } from './der.mjs'
import { mutateMime } from './mime.mjs'

export { mutateBytes, mutateMime }

// Inputs stay below this size: bigger ones test the limits, not the parsers, and slow the run.
const MAX_INPUT_BYTES = 256 * 1024

/** A small PRNG (SplitMix32): deterministic, fast, good enough to pick mutations. */
export function createRng(seed) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  const rng = {
    next,
    below: (n) => (n <= 0 ? 0 : next() % n),
    range: (lo, hi) => lo + rng.below(hi - lo + 1),
    chance: (p) => next() / 0x100000000 < p,
    pick: (list) => list[rng.below(list.length)],
    bytes: (n) => Uint8Array.from({ length: n }, () => next() & 0xff),
  }
  return rng
}

// A mutated file may repeat its BEGIN line thousands of times: a few blocks are enough.
const MAX_PEM_BLOCKS = 16

/** PEM blocks as [bodyStart, bodyEnd) offsets, found with indexOf (a regex backtracks badly). */
function pemBlocks(text) {
  const blocks = []
  let at = 0
  while (blocks.length < MAX_PEM_BLOCKS) {
    const begin = text.indexOf('-----BEGIN ', at)
    if (begin < 0) break
    const lineEnd = text.indexOf('\n', begin)
    const end = lineEnd < 0 ? -1 : text.indexOf('-----END ', lineEnd)
    if (end < 0) break
    blocks.push([lineEnd + 1, end])
    at = end + 9
  }
  return blocks
}

/** A PEM block's DER mutated and written back as PEM; undefined when there is no PEM block. */
export function mutatePem(input, rng) {
  const text = latin1(input)
  const blocks = pemBlocks(text)
  if (blocks.length === 0) return undefined
  const [start, end] = rng.pick(blocks)
  const body = text
    .slice(start, end)
    .split(/\r?\n/)
    .filter((l) => !l.includes(':') && l.length > 0)
    .join('')
  const der = fromBase64(body)
  if (!der) return undefined // not base64: byte mutations will do
  const mutated = (rng.chance(0.8) && mutateDer(der, rng)) || mutateBytes(der, rng)
  const b64 = (toBase64(mutated).match(/.{1,64}/g) ?? []).join('\n')
  return fromLatin1(text.slice(0, start) + b64 + '\n' + text.slice(end))
}

/** A prefix of one input followed by a suffix of another, cut at line starts where possible. */
export function splice(a, b, rng) {
  const cutA = lineCut(a, rng)
  const cutB = lineCut(b, rng)
  return join(a.subarray(0, cutA), b.subarray(cutB))
}

function lineCut(bytes, rng) {
  const at = rng.below(bytes.length + 1)
  const lf = bytes.indexOf(0x0a, at)
  return rng.chance(0.7) && lf >= 0 ? lf + 1 : at
}

/**
 * One mutated input for a target: `kind` is `mime` (messages) or `der` (certificates, keys,
 * PKCS#12). Mutations are stacked now and then, as a few edits find more than one.
 */
export function mutate(seed, corpus, kind, rng) {
  let input = seed
  const rounds = rng.chance(0.25) ? rng.range(2, 4) : 1
  for (let r = 0; r < rounds; r++) {
    const choice = rng.below(10)
    let next
    if (choice < 2) next = mutateBytes(input, rng)
    else if (choice < 3) next = splice(input, rng.pick(corpus), rng)
    else if (kind === 'mime') next = mutateMime(input, rng)
    else next = input[0] === 0x30 ? mutateDer(input, rng) : mutatePem(input, rng)
    input = next ?? mutateBytes(input, rng)
  }
  return input.length > MAX_INPUT_BYTES ? input.subarray(0, MAX_INPUT_BYTES) : input
}
