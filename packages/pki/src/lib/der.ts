// The DER module lives in src/der/ (the `@siegel/pki/der` subpath, shared with @siegel/core);
// this file keeps the import path that pki's modules have always used.
export {
  assertDer,
  bmpBytes,
  concat,
  decodeOid,
  der,
  DerReader,
  tlv,
  type DerReaderOptions,
  type Tlv,
} from '../der/index.js'
