// Types of crafted-mail.mjs, for the tests that import it.
import type { Certificate } from '@siegel/pki'
import type { Signer } from '@siegel/core'

export const AT: Date
export function meshSigners(
  count: number,
  layers?: number,
  width?: number,
): Promise<{ signers: Signer[] }>
export function crossSignedMail(
  count: number,
): Promise<{ mail: Uint8Array; anchor: Certificate; pool: Certificate[] }>
export function manySignerInfos(
  content: Uint8Array,
  count: number,
): Promise<{ der: Uint8Array; anchor: Certificate }>
