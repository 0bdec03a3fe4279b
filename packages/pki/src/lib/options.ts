import { PkiError } from '../errors.js'

/** A positive whole-number option, or `fallback` when it is not given. */
export function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1)
    throw new PkiError(
      'ERR_PKI_INVALID_OPTION',
      `expected ${name} as a positive integer, got ${String(value)}`,
    )
  return value
}
