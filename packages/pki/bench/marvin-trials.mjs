// The timed loop of marvin.bench.mjs, shared by Node and the Chromium page: decryption of
// ciphertexts of several classes in a random interleaved order, one time per call.
/**
 * @param {{ pki: typeof import('@siegel/pki'), keyPem: string, pools: Uint8Array[][],
 *   trials: number, warmup: number }} input  the package under test; pools[c] holds the
 *   ciphertexts of class c
 * @returns {Promise<{ classes: Uint8Array, times: Float64Array }>} class and milliseconds per
 *   trial, in blocks of one trial per class
 */
export async function runTrials({ pki, keyPem, pools, trials, warmup }) {
  const key = await pki.readPrivateKey(keyPem)
  // Blocks of one trial per class, shuffled within the block (Fisher-Yates): the order is
  // random, and each block gives one paired difference under the same machine load.
  const warmupBlocks = Math.ceil(warmup / pools.length)
  const blocks = warmupBlocks + Math.ceil(trials / pools.length)
  const classes = new Uint8Array(blocks * pools.length)
  const random = new Uint32Array(pools.length)
  for (let b = 0; b < blocks; b++) {
    const block = classes.subarray(b * pools.length, (b + 1) * pools.length)
    block.forEach((_, i) => (block[i] = i))
    crypto.getRandomValues(random)
    for (let i = block.length - 1; i > 0; i--) {
      const j = random[i] % (i + 1)
      ;[block[i], block[j]] = [block[j], block[i]]
    }
  }
  const next = pools.map(() => 0)
  const times = new Float64Array(classes.length)
  for (let i = 0; i < classes.length; i++) {
    const pool = pools[classes[i]]
    const ciphertext = pool[next[classes[i]]++ % pool.length]
    const start = performance.now()
    await pki.decryptRsaPkcs1v15(key, ciphertext, 32)
    times[i] = performance.now() - start
  }
  // The warm-up is dropped in whole blocks, so the rest stays paired.
  const skip = warmupBlocks * pools.length
  return { classes: classes.subarray(skip), times: times.subarray(skip) }
}
