/**
 * One progress report: `done` of `total` bytes of one phase of the work.
 *
 * Reachable from `@siegel/core`.
 */
export interface SmimeProgress {
  /**
   * What is being done: `'canonicalize'`, `'parse'`, `'digest'`, `'encrypt'`, `'decrypt'` or
   * `'encode'`. A phase can come again for the next layer of a message; `done` then starts anew.
   */
  phase: string
  /** Bytes of this phase done so far; never decreases within one run of a phase. */
  done: number
  /** Bytes this phase works on; the last report of a run has `done === total`. */
  total: number
}

/**
 * Cancellation and progress for long operations on large messages: the options
 * `signMessage`, `encryptMessage`, `protectMessage`, `decryptMessage`, `verifyMessage` and
 * `openMessage` share.
 *
 * Reachable from `@siegel/core`.
 */
export interface ProgressOptions {
  /**
   * Cancels the operation: once aborted, it ends with `ERR_SMIME_ABORTED` at its next check
   * (before work starts, and between chunks of about 3.6 MiB). Default: none.
   */
  signal?: AbortSignal
  /**
   * Called at the start and end of every phase and after every chunk of it, with the bytes done
   * and the total of that phase (see {@link SmimeProgress}). Default: none.
   */
  onProgress?: (progress: SmimeProgress) => void
}
