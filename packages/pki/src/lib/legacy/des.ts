// DES and Triple-DES (FIPS 46-3, NIST SP 800-67), for reading old PKCS#12 files and old mail.
// Not constant-time: it only ever decrypts data the user already holds, or writes PKCS#12
// files for import into old software. Never use it for new mail.
import type { BlockCipher } from './cbc.js'

// FIPS 46-3 tables. Bit positions are 1-based, counted from the most significant bit.
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60,
  52, 44, 36, 63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21,
  13, 5, 28, 20, 12, 4,
]
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52,
  31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
]
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1]
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64,
  56, 48, 40, 32, 24, 16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53,
  45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
]
const P = [
  16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13,
  30, 6, 22, 11, 4, 25,
]
// S1..S8, each four rows of sixteen.
const SBOXES = [
  '14 4 13 1 2 15 11 8 3 10 6 12 5 9 0 7 0 15 7 4 14 2 13 1 10 6 12 11 9 5 3 8 4 1 14 8 13 6 2 11 15 12 9 7 3 10 5 0 15 12 8 2 4 9 1 7 5 11 3 14 10 0 6 13',
  '15 1 8 14 6 11 3 4 9 7 2 13 12 0 5 10 3 13 4 7 15 2 8 14 12 0 1 10 6 9 11 5 0 14 7 11 10 4 13 1 5 8 12 6 9 3 2 15 13 8 10 1 3 15 4 2 11 6 7 12 0 5 14 9',
  '10 0 9 14 6 3 15 5 1 13 12 7 11 4 2 8 13 7 0 9 3 4 6 10 2 8 5 14 12 11 15 1 13 6 4 9 8 15 3 0 11 1 2 12 5 10 14 7 1 10 13 0 6 9 8 7 4 15 14 3 11 5 2 12',
  '7 13 14 3 0 6 9 10 1 2 8 5 11 12 4 15 13 8 11 5 6 15 0 3 4 7 2 12 1 10 14 9 10 6 9 0 12 11 7 13 15 1 3 14 5 2 8 4 3 15 0 6 10 1 13 8 9 4 5 11 12 7 2 14',
  '2 12 4 1 7 10 11 6 8 5 3 15 13 0 14 9 14 11 2 12 4 7 13 1 5 0 15 10 3 9 8 6 4 2 1 11 10 13 7 8 15 9 12 5 6 3 0 14 11 8 12 7 1 14 2 13 6 15 0 9 10 4 5 3',
  '12 1 10 15 9 2 6 8 0 13 3 4 14 7 5 11 10 15 4 2 7 12 9 5 6 1 13 14 0 11 3 8 9 14 15 5 2 8 12 3 7 0 4 10 1 13 11 6 4 3 2 12 9 5 15 10 11 14 1 7 6 0 8 13',
  '4 11 2 14 15 0 8 13 3 12 9 7 5 10 6 1 13 0 11 7 4 9 1 10 14 3 5 12 2 15 8 6 1 4 11 13 12 3 7 14 10 15 6 8 0 5 9 2 6 11 13 8 1 4 10 7 9 5 0 15 14 2 3 12',
  '13 2 8 4 6 15 11 1 10 9 3 14 5 0 12 7 1 15 13 8 10 3 7 4 12 5 6 11 0 14 9 2 7 11 4 1 9 12 14 2 0 6 10 13 15 3 5 8 2 1 14 7 4 10 8 13 15 12 9 0 3 5 6 11',
].map((row) => row.split(' ').map(Number))

interface Tables {
  /** S-box i followed by P, indexed by i * 64 + six input bits. */
  sp: Uint32Array
  /** 64-bit permutations as per-byte lookup tables: [byte * 256 + value] → high/low word. */
  ipHi: Uint32Array
  ipLo: Uint32Array
  fpHi: Uint32Array
  fpLo: Uint32Array
}
let tables: Tables | undefined

function byteTables(perm: readonly number[]): [Uint32Array, Uint32Array] {
  const hi = new Uint32Array(8 * 256)
  const lo = new Uint32Array(8 * 256)
  perm.forEach((from, to) => {
    const inBit = from - 1
    for (let v = 0; v < 256; v++) {
      if (!(v & (0x80 >> (inBit & 7)))) continue
      const index = (inBit >> 3) * 256 + v
      if (to < 32) hi[index]! |= 1 << (31 - to)
      else lo[index]! |= 1 << (63 - to)
    }
  })
  return [hi, lo]
}

function getTables(): Tables {
  if (tables) return tables
  const sp = new Uint32Array(8 * 64)
  for (let i = 0; i < 8; i++) {
    for (let v = 0; v < 64; v++) {
      const row = ((v & 0x20) >> 4) | (v & 1)
      const s = SBOXES[i]![row * 16 + ((v >> 1) & 0xf)]! << (28 - 4 * i)
      let out = 0
      P.forEach((from, to) => {
        if (s & (1 << (32 - from))) out |= 1 << (31 - to)
      })
      sp[i * 64 + v] = out >>> 0
    }
  }
  const fp = new Array<number>(64)
  IP.forEach((from, to) => (fp[from - 1] = to + 1))
  const [ipHi, ipLo] = byteTables(IP)
  const [fpHi, fpLo] = byteTables(fp)
  tables = { sp, ipHi, ipLo, fpHi, fpLo }
  return tables
}

/** The sixteen round keys, each as eight 6-bit chunks. */
function desSubkeys(key: Uint8Array, offset: number): Uint8Array {
  const bit = (n: number): number => (key[offset + ((n - 1) >> 3)]! >> (7 - ((n - 1) & 7))) & 1
  const cd = PC1.map(bit)
  const out = new Uint8Array(16 * 8)
  let c = cd.slice(0, 28)
  let d = cd.slice(28)
  for (let round = 0; round < 16; round++) {
    const s = SHIFTS[round]!
    c = [...c.slice(s), ...c.slice(0, s)]
    d = [...d.slice(s), ...d.slice(0, s)]
    const joined = [...c, ...d]
    for (let chunk = 0; chunk < 8; chunk++) {
      let v = 0
      for (let j = 0; j < 6; j++) v = (v << 1) | joined[PC2[chunk * 6 + j]! - 1]!
      out[round * 8 + chunk] = v
    }
  }
  return out
}

function reverseRounds(subkeys: Uint8Array): Uint8Array {
  const out = new Uint8Array(subkeys.length)
  for (let round = 0; round < 16; round++)
    out.set(subkeys.subarray(round * 8, round * 8 + 8), (15 - round) * 8)
  return out
}

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0

function permute(
  hiT: Uint32Array,
  loT: Uint32Array,
  block: Uint8Array,
  offset: number,
): [number, number] {
  let hi = 0
  let lo = 0
  for (let i = 0; i < 8; i++) {
    const index = i * 256 + block[offset + i]!
    hi |= hiT[index]!
    lo |= loT[index]!
  }
  return [hi >>> 0, lo >>> 0]
}

const scratch = new Uint8Array(8)

function desBlock(
  subkeys: readonly Uint8Array[],
  input: Uint8Array,
  inOffset: number,
  output: Uint8Array,
  outOffset: number,
): void {
  const t = getTables()
  let [l, r] = permute(t.ipHi, t.ipLo, input, inOffset)
  // Triple-DES runs its three passes between one initial and one final permutation.
  for (const k of subkeys) {
    for (let round = 0; round < 16; round++) {
      let f = 0
      for (let i = 0; i < 8; i++) {
        const chunk = rotl(r, (4 * i + 31) % 32) >>> 26
        f ^= t.sp[i * 64 + (chunk ^ k[round * 8 + i]!)]!
      }
      const next = (l ^ f) >>> 0
      l = r
      r = next
    }
    // FIPS 46-3: the pre-output is R16 L16. Between passes, FP and the next IP cancel.
    ;[l, r] = [r, l]
  }
  scratch[0] = l >>> 24
  scratch[1] = l >>> 16
  scratch[2] = l >>> 8
  scratch[3] = l
  scratch[4] = r >>> 24
  scratch[5] = r >>> 16
  scratch[6] = r >>> 8
  scratch[7] = r
  const [hi, lo] = permute(t.fpHi, t.fpLo, scratch, 0)
  for (let i = 0; i < 4; i++) {
    output[outOffset + i] = hi >>> (24 - 8 * i)
    output[outOffset + 4 + i] = lo >>> (24 - 8 * i)
  }
}

/**
 * Single DES (8-byte key) or Triple-DES EDE (16 or 24-byte key, SP 800-67 keying options 2/1).
 */
export function desCipher(key: Uint8Array): BlockCipher {
  if (key.length !== 8 && key.length !== 16 && key.length !== 24)
    throw new RangeError(`expected a DES key of 8, 16 or 24 bytes, got ${key.length}`)
  const k1 = desSubkeys(key, 0)
  if (key.length === 8) {
    const d1 = reverseRounds(k1)
    return {
      blockBytes: 8,
      encrypt: (i, io, o, oo) => desBlock([k1], i, io, o, oo),
      decrypt: (i, io, o, oo) => desBlock([d1], i, io, o, oo),
    }
  }
  const k2 = desSubkeys(key, 8)
  const k3 = key.length === 24 ? desSubkeys(key, 16) : k1
  const encrypt = [k1, reverseRounds(k2), k3]
  const decrypt = [reverseRounds(k3), k2, reverseRounds(k1)]
  return {
    blockBytes: 8,
    encrypt: (i, io, o, oo) => desBlock(encrypt, i, io, o, oo),
    decrypt: (i, io, o, oo) => desBlock(decrypt, i, io, o, oo),
  }
}
