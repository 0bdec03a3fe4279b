// Header protection (RFC 9788) with the stricter policy: the outer header section shows the
// Subject as [...], the addresses without names and the Date in UTC; no Legacy Display Element.
import { protectMessage } from '@siegel/core'

/**
 * Signs `spec` with `me` and encrypts it to the office, found in `directory`, under hcp_shy.
 * @param {import('@siegel/mime').MessageSpec} spec
 * @param {{ me: import('@siegel/core').Identity, directory: import('@siegel/pki').CertificateDirectory, trustAnchors: import('@siegel/pki').Certificate[], intermediates: import('@siegel/pki').Certificate[] }} setup
 * @returns {Promise<Uint8Array>}
 */
export async function sendShy(spec, { me, directory, trustAnchors, intermediates }) {
  const eml = await protectMessage(spec, {
    signWith: me,
    encryptFor: ['office@example.de'],
    directory,
    trustAnchors,
    intermediates,
    headerProtection: { policy: 'hcp_shy', legacyDisplay: false },
  })
  return eml
}
