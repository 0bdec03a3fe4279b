import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { protectMessage, openMessage, signMessage, encryptMessage, verifyMessage, decryptMessage } from '@siegel/core'
import { Certificate, importPrivateKey, readPrivateKey } from '@siegel/pki'
import { PKI, writeInputs } from './inputs.mjs'
const size = Number(process.argv[2] ?? 20 * 2 ** 20)
const pem = (n) => readFileSync(join(PKI, n), 'utf8')
const key = await importPrivateKey(pem('alice.key.pem'))
const dkey = await readPrivateKey(pem('alice.key.pem'))
const cert = Certificate.from(pem('alice.pem'))
const root = Certificate.from(pem('root.pem'))
const inter = Certificate.from(pem('intermediate.pem'))
const msg = new Uint8Array(readFileSync(writeInputs(size).message))
let last = performance.now(), maxGap = 0
const t = setInterval(() => { const n = performance.now(); maxGap = Math.max(maxGap, n - last); last = n }, 5)
const mark = (l, t0) => { console.log(l, Math.round(performance.now() - t0), 'ms, maxGap', Math.round(maxGap)); maxGap = 0; last = performance.now() }
let t0 = performance.now()
const id = { certificate: cert, privateKey: dkey, chain: [inter] }
const signed = await signMessage(msg, { certificate: cert, privateKey: key, chain: [inter] }); mark('sign', t0); t0 = performance.now()
const enc = await encryptMessage(signed, [cert], { trustAnchors: [root], intermediates:[inter] }); mark('encrypt', t0); t0 = performance.now()
const dec = await decryptMessage(enc, { certificate: cert, privateKey: dkey }); mark('decrypt', t0); t0 = performance.now()
const v = await verifyMessage(dec.content, { trustAnchors: [root] }); mark('verify ' + v.status, t0); t0 = performance.now()
const o = await openMessage(enc, { identities: [id], trustAnchors: [root] }); mark('open ' + o.summary, t0)
clearInterval(t)
