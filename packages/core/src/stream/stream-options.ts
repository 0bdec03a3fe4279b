import { SmimeError } from '../errors.js'

/** Options every streaming operation takes. */
export interface StreamOptions {
  /**
   * Cancels the operation: once aborted, the output stream (or the returned promise) ends with
   * `ERR_SMIME_ABORTED` at the next piece of input. Default: none.
   */
  signal?: AbortSignal
}

/** A function that throws `ERR_SMIME_ABORTED` once `options.signal` is aborted. */
export function abortCheck(options: StreamOptions | undefined): () => void {
  const signal = options?.signal
  if (signal !== undefined && typeof signal?.aborted !== 'boolean')
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected signal to be an AbortSignal')
  const check = (): void => {
    if (signal?.aborted)
      throw new SmimeError('ERR_SMIME_ABORTED', 'the operation was aborted', {
        cause: signal.reason,
      })
  }
  check()
  return check
}
