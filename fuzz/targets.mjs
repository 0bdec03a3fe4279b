// The fuzz targets: the public functions that read untrusted bytes, each with the repository's
// own test vectors and fixtures as seeds, and the error classes and codes it may throw.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import PostalMime from 'postal-mime'

const CORE = 'packages/core/test'
const PKI = 'packages/pki/test'
const MESSAGE_FILES = ['.eml', '.mbox', '.message', '.raw', '.txt']
const CERT_FILES = ['.pem', '.crt', '.cer', '.der', '.p7b']

function files(dir, extensions, filter = () => true) {
  const found = []
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (extensions.includes(extname(name).toLowerCase()) && filter(path)) found.push(path)
    }
  }
  walk(dir)
  return found
}

const text = (path) => readFileSync(path, 'latin1')
const isCertificate = (path) =>
  extname(path) !== '.pem' || text(path).includes('CERTIFICATE') || text(path).includes('PKCS7')
const isKey = (path) => /PRIVATE KEY/.test(text(path))
const isMessage = (path) => /^[\w-]+:/m.test(text(path).slice(0, 4000))

/** A binary CMS file, wrapped in the S/MIME entity a mail program would send it in. */
function asSmime(path) {
  const der = readFileSync(path)
  const base64 = der.toString('base64').replace(/.{1,64}/g, '$&\r\n')
  return Buffer.from(
    'From: alice@example.org\r\nTo: bob@example.org\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: application/pkcs7-mime; name=smime.p7m\r\n' +
      `Content-Transfer-Encoding: base64\r\n\r\n${base64}`,
  )
}

const signedSeeds = () => [
  ...files(`${CORE}/vectors`, MESSAGE_FILES, isMessage),
  ...files(`${CORE}/vectors/rfc9216`, ['.p7m']).map(asSmime),
  ...files(`${CORE}/vectors/rfc4134`, ['.bin']).map(asSmime),
]
const encryptedSeeds = () => [
  ...files(`${CORE}/fixtures/kek-password`, ['.eml']),
  ...files(`${CORE}/vectors/kmail-encrypted`, ['.mbox']),
  ...files(`${CORE}/vectors/bc-java-enveloped`, ['.message']),
  `${CORE}/vectors/rfc4134-enveloped/5.3.eml`,
  `${CORE}/vectors/rfc9216-encrypted/smime-enc-signed.eml`,
  ...files(`${CORE}/vectors/rfc9216-encrypted`, ['.p7m']).map(asSmime),
  ...files(`${CORE}/vectors/rfc4134-enveloped`, ['.bin'], (p) => !p.endsWith('ExContent.bin')).map(
    asSmime,
  ),
]
/** CompressedData made by Python zlib (test/fixtures/compressed/make.py), as DER. */
const compressedSeeds = () =>
  files(`${CORE}/fixtures/compressed`, ['.pem']).map((p) =>
    Buffer.from(text(p).replace(/-----[^-]+-----/g, ''), 'base64'),
  )
const certificateSeeds = () => [
  ...files(`${PKI}/fixtures`, CERT_FILES, isCertificate),
  ...files(`${CORE}/vectors`, ['.crt', '.cer']),
]

/** A target of @siegel/core that reads mail: its own errors and those it re-exports. */
function coreMailTarget(seeds) {
  return {
    kind: 'mime',
    seeds,
    errors: ['SmimeError', 'MimeError', 'PkiError'],
    packages: ['core', 'mime', 'pki'],
  }
}

/**
 * Every target: `kind` picks the mutations (MIME games or DER edits), `seeds` lists files or
 * bytes, `errors` names the error classes (exported by the package's entry) a rejection may
 * use, and `packages` whose `errors.ts` list the codes those classes may carry.
 */
export const TARGETS = {
  parseMessage: {
    kind: 'mime',
    seeds: () => [...files('packages/mime/test/vectors', MESSAGE_FILES), ...signedSeeds()],
    errors: ['MimeError'],
    packages: ['mime'],
  },
  verifyMessage: coreMailTarget(signedSeeds),
  decryptMessage: coreMailTarget(encryptedSeeds),
  openMessage: coreMailTarget(() => [
    ...encryptedSeeds(),
    ...signedSeeds(),
    `${CORE}/fixtures/compressed/compressed.eml`,
  ]),
  verifyStream: coreMailTarget(signedSeeds),
  decryptStream: coreMailTarget(encryptedSeeds),
  decompressData: {
    kind: 'der',
    seeds: compressedSeeds,
    errors: ['SmimeError'],
    packages: ['core'],
  },
  readPkcs12: {
    kind: 'der',
    seeds: () => files(`${PKI}/fixtures/openssl`, ['.p12']),
    errors: ['PkiError'],
    packages: ['pki'],
  },
  readCertificates: {
    kind: 'der',
    seeds: certificateSeeds,
    errors: ['PkiError'],
    packages: ['pki'],
  },
  readPrivateKey: {
    kind: 'der',
    seeds: () => [
      ...files(`${PKI}/fixtures`, ['.pem'], isKey),
      ...files(
        `${PKI}/fixtures/openssl`,
        ['.der'],
        (p) => !p.includes('full') && !p.includes('chain'),
      ),
    ],
    errors: ['PkiError'],
    packages: ['pki'],
  },
  verifyCertificate: {
    kind: 'der',
    seeds: certificateSeeds,
    errors: ['PkiError'],
    packages: ['pki'],
  },
}

/** The seed inputs of a target, as bytes. */
export function loadSeeds(name) {
  return TARGETS[name]
    .seeds()
    .map((s) => new Uint8Array(typeof s === 'string' ? readFileSync(s) : s))
}

/** The codes each package's `errors.ts` declares (the union is the contract). */
export function declaredCodes(pkg) {
  const source = readFileSync(`packages/${pkg}/src/errors.ts`, 'utf8')
  return new Set([...source.matchAll(/'(ERR_[A-Z0-9_]+)'/g)].map((m) => m[1]))
}

// Validation time for every target: fixed, so that a run does not depend on the clock.
const AT = new Date('2026-01-15T12:00:00Z')
// A password recipient may ask for any iteration count: the harness caps what it pays.
const MAX_PBKDF2_ITERATIONS = 20_000

/** An oracle's disagreement: not an error class of any package, so the worker reports it. */
class SenderDisagreement extends Error {}

/** The streaming and the buffer API read one message differently: reported like a crash. */
class StreamDisagreement extends Error {}

/**
 * The input as a stream in pieces whose sizes follow from its length (deterministic, and both
 * small and large pieces over a run), so that every parser state meets a piece boundary.
 */
function streamOf(input) {
  const size = 1 + ((input.length * 2654435761) % 4093)
  let at = 0
  return new globalThis.ReadableStream({
    pull(controller) {
      if (at >= input.length) return controller.close()
      controller.enqueue(input.slice(at, at + size))
      at += size
    },
  })
}

/** Everything a stream yields, joined. */
async function drain(stream) {
  const parts = []
  for await (const part of stream) parts.push(part)
  return Buffer.concat(parts)
}

/** The buffer API's result for the same input, or undefined where it throws. */
async function orUndefined(promise) {
  try {
    return await promise
  } catch {
    return undefined
  }
}

/**
 * The sender oracle: when `verifyMessage` (or a signed layer of `openMessage`) binds every signer to the sender (status `valid`, or
 * `untrusted` for a chain this harness does not anchor), another reader (postal-mime) must show
 * a From address that every signer's certificate carries. Otherwise a reader would be shown a
 * sender the signature does not vouch for (issue 7: `From : evil@...` read as an mbox line).
 */
async function agreeOnSender(input, result) {
  if (result.status !== 'valid' && result.status !== 'untrusted') return
  if (!result.signers.every((s) => s.sender.matches)) return
  let shown
  try {
    // RFC 5322 §4.4 (obs-local-part, obs-domain): white space may stand around the "@" and the
    // dots of an address and is no part of it. postal-mime keeps it (`armin@ privasphere.com`);
    // the address is the same mailbox. White space anywhere else still counts.
    shown = (await PostalMime.parse(input)).from?.address
      ?.toLowerCase()
      .replace(/\s*([@.])\s*/g, '$1')
  } catch {
    return // postal-mime could not read it: no second reading to compare
  }
  if (!shown) return
  const bound = result.signers.every((s) =>
    s.sender.certificateAddresses.some((a) => a.toLowerCase() === shown),
  )
  if (!bound)
    throw new SenderDisagreement(
      `postal-mime shows From ${shown}; the signers are bound to ${result.signers.map((s) => s.sender.claimed.join(' ')).join(', ')}`,
    )
}

/** The functions to call per target, with the identities and anchors they need (worker side). */
export async function createRunners(packages) {
  const { mime, pki, core } = packages
  const pem = (path) => readFileSync(path, 'utf8')
  const cert = (path) => pki.Certificate.from(readFileSync(path))
  const identity = async (certPath, keyPath) => ({
    certificate: cert(certPath),
    privateKey: await pki.readPrivateKey(readFileSync(keyPath)),
  })
  const v = `${CORE}/vectors`
  const identities = [
    await identity(
      `${v}/rfc9216-encrypted/bob.encrypt.crt`,
      `${v}/rfc9216-encrypted/bob.decrypt.key`,
    ),
    await identity(
      `${v}/rfc9216-encrypted/alice.encrypt.crt`,
      `${v}/rfc9216-encrypted/alice.decrypt.key`,
    ),
    await identity(
      `${v}/rfc9216-encrypted/dana.encrypt.crt`,
      `${v}/rfc9216-encrypted/dana.decrypt.key`,
    ),
    await identity(
      `${v}/rfc4134-enveloped/BobRSASignByCarl.cer`,
      `${v}/rfc4134-enveloped/BobPrivRSAEncrypt.pri`,
    ),
    await identity(`${v}/bc-java-enveloped/cert.pem`, `${v}/bc-java-enveloped/key.pem`),
    {
      kek: Uint8Array.from({ length: 16 }, (_, i) => i),
      keyIdentifier: Uint8Array.of(0xc0, 0xfe, 0xe0),
    },
    { password: 'correct-horse-battery-staple' },
  ]
  const anchors = [
    pki.Certificate.from(pem(`${CORE}/fixtures/test-pki/root.pem`)),
    cert(`${v}/rfc9216/ca.rsa.crt`),
    cert(`${v}/rfc4134/CarlRSASelf.cer`),
    cert(`${v}/bc-java-validator/validator.root.crt`),
  ]
  // The cross-signed mesh (trust/layer*) is a path-building budget test of its own: in the pool
  // it would make every input cost seconds.
  const intermediates = certificateSeeds()
    .filter((p) => !/\/layer\d/.test(p))
    .flatMap((p) => {
      try {
        return pki.readCertificates(readFileSync(p))
      } catch {
        return [] // a seed that is not a certificate (a key in a PEM file) is no intermediate
      }
    })
  const verifyOptions = { trustAnchors: anchors, at: AT }
  const touch = (part, depth = 0) => {
    // Reading content and text runs the deferred decoders too.
    void part.content?.length
    void part.text?.length
    if (depth > 300) return
    for (const child of part.children) touch(child, depth + 1)
    if (part.embedded) touch(part.embedded, depth + 1)
  }
  return {
    parseMessage: async (input) => {
      touch(mime.parseMessage(input))
      touch(mime.parseMessage(input, { strict: true }))
    },
    verifyMessage: async (input) => {
      const result = await core.verifyMessage(input, verifyOptions)
      await agreeOnSender(input, result)
    },
    decryptMessage: async (input) => {
      const decrypted = await core.decryptMessage(input, identities, {
        maxPbkdf2Iterations: MAX_PBKDF2_ITERATIONS,
      })
      // The entity is parsed when first read: read it, so that its parse is fuzzed too.
      void decrypted.entity
      return decrypted
    },
    openMessage: async (input) => {
      const opened = await core.openMessage(input, {
        ...verifyOptions,
        identities,
        maxPbkdf2Iterations: MAX_PBKDF2_ITERATIONS,
      })
      // Every signed layer is bound to the outer From: the sender oracle applies to each.
      for (const layer of opened.layers)
        if (layer.kind === 'signed') await agreeOnSender(input, layer.verification)
    },
    verifyStream: async (input) => {
      const streamed = await core.verifyStream(streamOf(input), verifyOptions)
      // Oracle: where the buffer API reads the same signature, each signer's signature verdict
      // is the same (both retry the CRLF form of the signed part).
      const buffered = await orUndefined(core.verifyMessage(input, verifyOptions))
      if (!buffered || buffered.coverage.form !== streamed.form) return
      if (buffered.signers.length !== streamed.signers.length) return
      streamed.signers.forEach((s, i) => {
        // A signer without signed attributes is beyond a stream (its own verdict says so).
        if (!s.signature.valid && s.signature.code === 'ERR_SMIME_UNSUPPORTED_CONTENT') return
        if (s.signature.valid !== buffered.signers[i].signature.valid)
          throw new StreamDisagreement(
            `signer ${i}: verifyStream says ${s.signature.valid ? 'valid' : s.signature.code}, verifyMessage ${buffered.signers[i].signature.valid ? 'valid' : buffered.signers[i].signature.code}`,
          )
      })
    },
    decryptStream: async (input) => {
      const opened = await core.decryptStream(streamOf(input), identities, {
        maxPbkdf2Iterations: MAX_PBKDF2_ITERATIONS,
      })
      const content = await drain(opened.content)
      // Oracle: what both APIs decrypt, they decrypt to the same bytes.
      const buffered = await orUndefined(
        core.decryptMessage(input, identities, { maxPbkdf2Iterations: MAX_PBKDF2_ITERATIONS }),
      )
      if (buffered && !content.equals(buffered.content))
        throw new StreamDisagreement(
          `decryptStream gives ${content.length} bytes, decryptMessage ${buffered.content.length} other bytes`,
        )
    },
    decompressData: (input) => core.decompressData(input),
    readPkcs12: (input) => pki.readPkcs12(input, 'geheim'),
    readCertificates: async (input) => {
      for (const c of pki.readCertificates(input))
        void [c.subject, c.issuer, c.emailAddresses, c.extensions]
    },
    readPrivateKey: (input) => pki.readPrivateKey(input, { password: 'geheim' }),
    verifyCertificate: async (input) => {
      const certificate = pki.Certificate.from(input)
      await pki.verifyCertificate(certificate, {
        anchors,
        intermediates,
        at: AT,
        purpose: 'smime-sign',
      })
    },
  }
}
