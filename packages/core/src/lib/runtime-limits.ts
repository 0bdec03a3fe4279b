import { SmimeError } from '../errors.js'

// What engines say when a value is too large for them: a buffer that cannot be allocated (V8:
// "Array buffer allocation failed"), a typed array, array or string past the engine's maximum
// ("Invalid typed array length", "Invalid array length", "Invalid string length"). Other
// RangeErrors are left as they are.
const TOO_LARGE =
  /allocation failed|invalid (typed )?array length|invalid string length|out of memory/i

/**
 * Runs a message operation so that a message too large for the runtime's buffers or strings
 * ends in `ERR_SMIME_LIMIT_EXCEEDED` (the engine's RangeError as its cause), never in an
 * untyped error: the result could not be produced, and the caller is told so in the usual way.
 */
export async function withinRuntimeLimits<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof RangeError && TOO_LARGE.test(error.message))
      throw new SmimeError(
        'ERR_SMIME_LIMIT_EXCEEDED',
        `the message is too large for this runtime: ${error.message}`,
        { cause: error },
      )
    throw error
  }
}
