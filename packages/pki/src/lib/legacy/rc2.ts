// RC2 (RFC 2268), for reading old PKCS#12 files (pbeWithSHAAnd40BitRC2-CBC) and old mail.
// Not constant-time; decrypts only what the user already holds.
import type { BlockCipher } from './cbc.js'

// RFC 2268 §2: PITABLE, a permutation of 0..255 based on the digits of pi. Built on first use,
// not at import: RC2 serves only old files, and every start-up would pay for it.
let pitable: Uint8Array | undefined
const piTable = (): Uint8Array =>
  (pitable ??= Uint8Array.from(
    [
      'd9 78 f9 c4 19 dd b5 ed 28 e9 fd 79 4a a0 d8 9d c6 7e 37 83 2b 76 53 8e 62 4c 64 88 44 8b fb a2',
      '17 9a 59 f5 87 b3 4f 13 61 45 6d 8d 09 81 7d 32 bd 8f 40 eb 86 b7 7b 0b f0 95 21 22 5c 6b 4e 82',
      '54 d6 65 93 ce 60 b2 1c 73 56 c0 14 a7 8c f1 dc 12 75 ca 1f 3b be e4 d1 42 3d d4 30 a3 3c b6 26',
      '6f bf 0e da 46 69 07 57 27 f2 1d 9b bc 94 43 03 f8 11 c7 f6 90 ef 3e e7 06 c3 d5 2f c8 66 1e d7',
      '08 e8 ea de 80 52 ee f7 84 aa 72 ac 35 4d 6a 2a 96 1a d2 71 5a 15 49 74 4b 9f d0 5e 04 18 a4 ec',
      'c2 e0 41 6e 0f 51 cb cc 24 91 af 50 a1 f4 70 39 99 7c 3a 85 23 b8 b4 7a fc 02 36 5b 25 55 97 31',
      '2d 5d fa 98 e3 8a 92 ae 05 df 29 10 67 6c ba c9 d3 00 e6 cf e1 9e a8 2c 63 16 01 3f 58 e2 89 a9',
      '0d 38 34 1b ab 33 ff b0 bb 48 0c 5f b9 b1 cd 2e c5 f3 db 47 e5 a5 9c 77 0a a6 20 68 fe 7f c1 ad',
    ]
      .join(' ')
      .split(' '),
    (x) => parseInt(x, 16),
  ))

const SHIFTS = [1, 2, 3, 5]

/** RFC 2268 §2 key expansion: 64 16-bit words for `effectiveBits` effective key bits. */
function expandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  const t = key.length
  const t8 = Math.ceil(effectiveBits / 8)
  const tm = 0xff >> (8 * t8 - effectiveBits)
  const pi = piTable()
  const l = new Uint8Array(128)
  l.set(key)
  for (let i = t; i < 128; i++) l[i] = pi[(l[i - 1]! + l[i - t]!) & 0xff]!
  l[128 - t8] = pi[l[128 - t8]! & tm]!
  for (let i = 127 - t8; i >= 0; i--) l[i] = pi[l[i + 1]! ^ l[i + t8]!]!
  const k = new Uint16Array(64)
  for (let i = 0; i < 64; i++) k[i] = l[2 * i]! | (l[2 * i + 1]! << 8)
  return k
}

const r = new Uint16Array(4)

function load(input: Uint8Array, offset: number): void {
  for (let i = 0; i < 4; i++) r[i] = input[offset + 2 * i]! | (input[offset + 2 * i + 1]! << 8)
}
function store(output: Uint8Array, offset: number): void {
  for (let i = 0; i < 4; i++) {
    output[offset + 2 * i] = r[i]! & 0xff
    output[offset + 2 * i + 1] = r[i]! >> 8
  }
}

function encryptBlock(
  k: Uint16Array,
  input: Uint8Array,
  io: number,
  output: Uint8Array,
  oo: number,
): void {
  load(input, io)
  let j = 0
  for (let round = 0; round < 16; round++) {
    // RFC 2268 §3: five mixing rounds, a mashing round, six mixing, a mashing, five mixing.
    for (let i = 0; i < 4; i++) {
      const v =
        r[i]! + k[j++]! + (r[(i + 3) & 3]! & r[(i + 2) & 3]!) + (~r[(i + 3) & 3]! & r[(i + 1) & 3]!)
      const x = v & 0xffff
      r[i] = (x << SHIFTS[i]!) | (x >> (16 - SHIFTS[i]!))
    }
    if (round === 4 || round === 10)
      for (let i = 0; i < 4; i++) r[i] = r[i]! + k[r[(i + 3) & 3]! & 63]!
  }
  store(output, oo)
}

function decryptBlock(
  k: Uint16Array,
  input: Uint8Array,
  io: number,
  output: Uint8Array,
  oo: number,
): void {
  load(input, io)
  let j = 63
  for (let round = 15; round >= 0; round--) {
    for (let i = 3; i >= 0; i--) {
      const x = r[i]!
      const rotated = ((x >> SHIFTS[i]!) | (x << (16 - SHIFTS[i]!))) & 0xffff
      r[i] =
        rotated -
        k[j--]! -
        (r[(i + 3) & 3]! & r[(i + 2) & 3]!) -
        (~r[(i + 3) & 3]! & r[(i + 1) & 3]!)
    }
    if (round === 5 || round === 11)
      for (let i = 3; i >= 0; i--) r[i] = r[i]! - k[r[(i + 3) & 3]! & 63]!
  }
  store(output, oo)
}

/** RC2 with a key of 1 to 128 bytes and 1 to 1024 effective key bits. */
export function rc2Cipher(key: Uint8Array, effectiveBits: number): BlockCipher {
  if (key.length < 1 || key.length > 128)
    throw new RangeError(`expected an RC2 key of 1 to 128 bytes, got ${key.length}`)
  if (!Number.isInteger(effectiveBits) || effectiveBits < 1 || effectiveBits > 1024)
    throw new RangeError(`expected 1 to 1024 effective key bits, got ${effectiveBits}`)
  const k = expandKey(key, effectiveBits)
  return {
    blockBytes: 8,
    encrypt: (i, io, o, oo) => encryptBlock(k, i, io, o, oo),
    decrypt: (i, io, o, oo) => decryptBlock(k, i, io, o, oo),
  }
}
