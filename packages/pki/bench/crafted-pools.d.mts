// Types of crafted-pools.mjs, for the tests that import it.
import type { Certificate, PrivateKey } from '@siegel/pki'

export const NOT_BEFORE: Date
export const AT: Date
export interface CraftedIssuer {
  privateKey: PrivateKey
  issue(commonName: string, issuer?: Certificate, emails?: string[]): Promise<Certificate>
  root: Certificate
}
export function craftedIssuer(): Promise<CraftedIssuer>
export function reversedChain(
  length: number,
): Promise<{ root: Certificate; leaf: Certificate; pool: Certificate[] }>
export function crossSignedMesh(
  layers: number,
  width: number,
): Promise<CraftedIssuer & { pool: Certificate[]; bottom: Certificate }>
