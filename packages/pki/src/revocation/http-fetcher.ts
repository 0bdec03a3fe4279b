import { PkiError } from '../errors.js'
import { positiveInteger } from '../lib/options.js'
import type { RevocationFetcher } from './types.js'

/** Options of {@link createHttpFetcher}. */
export interface HttpFetcherOptions {
  /** The fetch implementation. Default: `globalThis.fetch`, looked up on first use. */
  fetch?: typeof globalThis.fetch
  /** Give up after this many milliseconds. Default 10,000. */
  timeoutMs?: number
  /** Refuse larger responses. Default 10 MiB (a large CA's CRL is a few MiB). */
  maxResponseBytes?: number
}

const DEFAULT_TIMEOUT_MS = 10_000
const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024

/**
 * Makes the opt-in fetcher of revocation data: HTTP GET for CRLs, HTTP POST for OCSP requests
 * (RFC 6960 appendix A.1). Only `http:` and `https:` URLs; anything else (LDAP) is refused.
 *
 * Reachable from `@siegel/pki`.
 * @param options - fetch implementation, timeout and response size limit
 * @returns a fetcher for `verifyCertificate`'s `revocation.fetcher`
 * @throws PkiError `ERR_PKI_INVALID_OPTION` for a bad limit
 * @example
 * ```ts
 * await verifyCertificate(cert, { anchors, revocation: { mode: 'hard-fail', fetcher: createHttpFetcher() } })
 * ```
 */
export function createHttpFetcher(options?: HttpFetcherOptions): RevocationFetcher {
  const timeoutMs = positiveInteger(options?.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs')
  const maxBytes = positiveInteger(
    options?.maxResponseBytes,
    DEFAULT_MAX_RESPONSE_BYTES,
    'maxResponseBytes',
  )
  return async (url, request) => {
    if (!/^https?:\/\//i.test(url))
      throw new PkiError('ERR_PKI_INVALID_INPUT', `only HTTP URLs are fetched, not ${url}`)
    const fetch = options?.fetch ?? globalThis.fetch
    const response = await fetch(url, {
      method: request ? 'POST' : 'GET',
      ...(request
        ? {
            body: request.body as Uint8Array<ArrayBuffer>,
            headers: { 'content-type': request.contentType },
          }
        : {}),
      signal: AbortSignal.timeout(timeoutMs),
    })
    if (response.status === 404) return undefined
    if (!response.ok)
      throw new PkiError('ERR_PKI_INVALID_INPUT', `${url} answered HTTP ${response.status}`)
    const declared = Number(response.headers.get('content-length') ?? 0)
    if (declared > maxBytes)
      throw new PkiError(
        'ERR_PKI_LIMIT_EXCEEDED',
        `${url} sends ${declared} bytes, more than ${maxBytes}`,
      )
    const body = new Uint8Array(await response.arrayBuffer())
    if (body.length > maxBytes)
      throw new PkiError(
        'ERR_PKI_LIMIT_EXCEEDED',
        `${url} sent ${body.length} bytes, more than ${maxBytes}`,
      )
    return body
  }
}
