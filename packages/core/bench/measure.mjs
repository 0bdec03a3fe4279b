// One measurement in a fresh process: node measure.mjs <impl> <op> <input> [output]
// Prints {"ms": median milliseconds, "growthMiB": peak resident memory growth during the op}.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { signMessage, verifyMessage } from '@siegel/core'
import { Certificate, importPrivateKey } from '@siegel/pki'
import { PKI } from './inputs.mjs'
import { timeInProcess } from './report.mjs'

const [impl, op, inputPath, outputPath] = process.argv.slice(2)
const input = new Uint8Array(readFileSync(inputPath))
const pem = (name) => readFileSync(join(PKI, name), 'utf8')
const key = await importPrivateKey(pem('alice.key.pem'))
const signer = { certificate: pem('alice.pem'), privateKey: key, chain: [pem('intermediate.pem')] }
const anchors = [Certificate.from(pem('root.pem'))]

const OPS = {
  siegel: {
    'sign-detached': () => signMessage(input, signer),
    'sign-opaque': () => signMessage(input, signer, { form: 'opaque' }),
    'verify-detached': async () => check(await verifyMessage(input, { trustAnchors: anchors })),
    'verify-opaque': async () => check(await verifyMessage(input, { trustAnchors: anchors })),
  },
  pkijs: {
    'sign-detached': () => pkijsSign(input, true),
    'sign-opaque': () => pkijsSign(input, false),
    'verify-detached': () => pkijsVerify(input),
    'verify-opaque': () => pkijsVerify(input),
  },
}

function check(result) {
  if (result.status !== 'valid') throw new Error(`expected a valid signature, got ${result.status}`)
  return result
}

// pkijs used directly, as its examples do: CMS only, DER in and out (no MIME around it).
const engine = new pkijs.CryptoEngine({ name: 'bench', crypto: globalThis.crypto })
async function pkijsSign(data, detached) {
  const certificate = pkijs.Certificate.fromBER(
    Buffer.from(pem('alice.pem').replace(/-----[^-]+-----|\s/g, ''), 'base64'),
  )
  const digest = await crypto.subtle.digest('SHA-256', data)
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: certificate.issuer,
          serialNumber: certificate.serialNumber,
        }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.3',
              values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })],
            }),
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.5',
              values: [new asn1js.UTCTime({ valueDate: new Date() })],
            }),
            new pkijs.Attribute({
              type: '1.2.840.113549.1.9.4',
              values: [new asn1js.OctetString({ valueHex: digest })],
            }),
          ],
        }),
      }),
    ],
    certificates: [certificate],
  })
  if (!detached) signedData.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: data })
  await signedData.sign(key, 0, 'SHA-256', detached ? data : undefined, engine)
  const contentInfo = new pkijs.ContentInfo({
    contentType: '1.2.840.113549.1.7.2',
    content: signedData.toSchema(true),
  })
  return new Uint8Array(contentInfo.toSchema().toBER())
}

async function pkijsVerify(der) {
  const [content, signature] = splitDetached(der)
  const contentInfo = pkijs.ContentInfo.fromBER(signature)
  const signedData = new pkijs.SignedData({ schema: contentInfo.content })
  const ok = await signedData.verify(
    { signer: 0, data: content?.buffer, checkChain: false },
    engine,
  )
  if (!ok) throw new Error('pkijs: signature did not verify')
}

/** The pkijs verify inputs were written as content‖DER by `prepare`; opaque ones as DER only. */
function splitDetached(bytes) {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0)
  if (n === 0) return [undefined, bytes.subarray(4)]
  return [bytes.slice(4, 4 + n), bytes.subarray(4 + n)]
}

const run = OPS[impl]?.[op]
if (!run) throw new Error(`unknown ${impl} ${op}`)
await timeInProcess(run, input.length, outputPath)
