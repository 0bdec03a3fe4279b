// NIST PKITS 2011 (see test/vectors/pkits/README.md), loaded so that Node and Chromium see the
// same bytes: every file comes in as a base64 data URL.
import expectationsText from '../vectors/pkits/expectations.json?raw'
import { bytesOf } from '../fixtures/vectors.js'

const files = import.meta.glob(['../vectors/pkits/certs/*', '../vectors/pkits/crls/*'], {
  query: '?inline',
  import: 'default',
  eager: true,
})

/** The exact bytes of `vectors/pkits/<path>`; a missing file fails the test. */
export function pkits(path: string): Uint8Array {
  const url = files[`../vectors/pkits/${path}`]
  if (url === undefined) throw new Error(`test vector pkits/${path} is missing`)
  return bytesOf(url)
}

export interface PkitsSettings {
  initial_policy_set: string[] | null
  initial_explicit_policy: boolean | null
  initial_any_policy_inhibit: boolean | null
  initial_policy_mapping_inhibit: boolean | null
  delta_crls: boolean
  bc_effective_explicit_policy?: boolean
}

export interface PkitsRun {
  end_entity: string
  intermediates: string[]
  crls: string[]
  settings: PkitsSettings
  expected: 'valid' | 'invalid'
}

export interface PkitsTest {
  id: string
  title: string
  runs: PkitsRun[]
}

export const pkitsTests: PkitsTest[] = (JSON.parse(expectationsText) as { tests: PkitsTest[] })
  .tests
