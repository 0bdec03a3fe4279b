// The time codec lives in src/der/time.ts; this file keeps the import path of pki's modules.
export { readTime } from '../der/time.js'
