// RFC 5652 §14, RFC 8551 §2, RFC 5035, RFC 6211 and Microsoft's: the OIDs Siegel writes and reads.
export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  smimeCapabilities: '1.2.840.113549.1.9.15',
  encryptionKeyPreference: '1.2.840.113549.1.9.16.2.11',
  microsoftEncryptionKeyPreference: '1.3.6.1.4.1.311.16.4',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  algorithmProtection: '1.2.840.113549.1.9.52',
} as const

// Algorithms announced in smimeCapabilities (RFC 8551 §2.5.2) and used in AlgorithmIdentifiers.
export const ALGORITHM_OID = {
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  aes128Gcm: '2.16.840.1.101.3.4.1.6',
  aes256Gcm: '2.16.840.1.101.3.4.1.46',
  desEde3Cbc: '1.2.840.113549.3.7',
  rc2Cbc: '1.2.840.113549.3.2',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaesOaep: '1.2.840.113549.1.1.7',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ed25519: '1.3.101.112',
  // RFC 9936 §3: id-alg-ml-kem-512/768/1024.
  mlKem512: '2.16.840.1.101.3.4.4.1',
  mlKem768: '2.16.840.1.101.3.4.4.2',
  mlKem1024: '2.16.840.1.101.3.4.4.3',
} as const
