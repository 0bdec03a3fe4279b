// Sign an .eml file with an identity from a .p12 file (or key and certificate files).
import { readFileSync, writeFileSync } from 'node:fs'
import { loadIdentity, protectMessage } from '@siegel/core'

/**
 * @param {{ input: string, output: string, p12?: string, certificate?: string, key?: string, chain?: string[], password?: string, opaque?: boolean }} options
 * @returns {Promise<number>} the size of the signed message
 */
export async function signFile({
  input,
  output,
  p12,
  certificate,
  key,
  chain = [],
  password,
  opaque = false,
}) {
  const identity = p12
    ? await loadIdentity({ pkcs12: readFileSync(p12), password: password ?? '' })
    : await loadIdentity({
        certificate: readFileSync(certificate),
        privateKey: readFileSync(key),
        chain: chain.map((file) => readFileSync(file)),
        password,
      })
  const signed = await protectMessage(readFileSync(input), {
    signWith: identity,
    form: opaque ? 'opaque' : 'detached',
  })
  writeFileSync(output, signed)
  return signed.length
}
