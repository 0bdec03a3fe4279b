import { Certificate, importPrivateKey } from '@siegel/pki'
import type { Signer } from '@siegel/core'
import { testPki } from './fixtures/test-pki.js'

export const root: Certificate = Certificate.from(testPki.root)
export const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
export const dec = (b: Uint8Array): string => new TextDecoder().decode(b)

type User = 'alice' | 'bob' | 'carol' | 'dave'

/** A signer from the test PKI, with the issuing CA as chain. */
export async function signer(
  user: User,
  options?: Parameters<typeof importPrivateKey>[1],
): Promise<Signer> {
  return {
    certificate: testPki[user],
    privateKey: await importPrivateKey(testPki[`${user}Key`], options),
    chain: [testPki.intermediate],
  }
}
