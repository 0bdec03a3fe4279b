// The adversarial e-mail certificates of cases.json, made by gen-adversarial-mail.mjs.
import { Certificate } from '@siegel/pki'
import text from './cases.json?raw'

/** One case of cases.json. */
export interface MailCase {
  name: string
  ca: string
  san?: string[]
  dnEmail?: string
  /** Siegel's verdict: `trusted`, or the code of the failure. */
  expected: 'trusted' | 'ERR_PKI_NAME_CONSTRAINT'
  rfc: string
  why: string
  /** Where OpenSSL 3.0's `verify` disagrees with `expected`, and why. */
  openssl?: { verdict: 'trusted' | 'rejected'; why: string }
}

const table = JSON.parse(text) as { cas: Record<string, string[]>; cases: MailCase[] }

export const mailCases: MailCase[] = table.cases
export const constrainedCas: string[] = Object.keys(table.cas)

const pems: Record<string, string> = import.meta.glob('./certs/*.pem', {
  query: '?raw',
  import: 'default',
  eager: true,
})

/** A certificate of the suite by file name (without `.pem`); a missing one fails the test. */
export function mailCertificate(name: string): Certificate {
  const pem = pems[`./certs/${name}.pem`]
  if (pem === undefined) throw new Error(`missing certificate certs/${name}.pem`)
  return Certificate.from(pem)
}

/** Where the PEM files lie, for the OpenSSL cross-check. */
export const certsDir: string = new URL('./certs/', import.meta.url).pathname
