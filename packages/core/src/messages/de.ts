import type { Messages } from './catalogue.js'

/**
 * Deutsch: die Zusammenfassungen von {@link openMessage} und ein Satz je Fehlercode, für die
 * Partner der Verwaltung. `openMessage(eml, { messages: MESSAGES_DE })`.
 *
 * Reachable from `@siegel/core`.
 */
export const MESSAGES_DE: Messages = {
  'summary.none': 'Weder signiert noch verschlüsselt',
  'summary.separator': ' · ',
  'summary.encrypted': 'Verschlüsselt ({cipher})',
  'summary.encryptedUnauthenticated': 'Verschlüsselt ({cipher}, NICHT authentisiert)',
  'summary.compressed': 'Komprimiert',
  'summary.signed': 'Signiert von {signers} · {trust}',
  'summary.partiallySigned':
    'Nur ein TEIL der Nachricht ist signiert, von {signers} · der Rest ist NICHT signiert · {trust}',
  'summary.senderMismatch': 'Signiert von {signers} · NICHT der angezeigte Absender ({claimed})',
  'summary.senderMissing':
    'Signiert von {signers} · {trust} · die Nachricht nennt KEINEN Absender zum Abgleich',
  'summary.unknownSignerStatus':
    'Signiert von einem UNBEKANNTEN Unterzeichner · NICHT geprüft (sein Zertifikat fehlt)',
  'summary.invalid': 'Signatur UNGÜLTIG ({reason})',
  'summary.trustedVia': 'vertrauenswürdig über {anchor}',
  'summary.notTrusted': 'NICHT vertrauenswürdig ({reason})',
  'summary.noSender': 'kein Absender',
  'summary.unknownSigner': 'einem unbekannten Unterzeichner',
  'summary.nobody': 'niemandem',
  'summary.noSigner': 'kein Unterzeichner',
  'summary.unknownIssuer': 'unbekannter Aussteller',
  'summary.outerSenderMismatch':
    'Signiert von {signers} · {trust} · der Absender außen ({outer}) ist NICHT der signierte Absender ({signed})',
  'summary.headersAltered': 'Außerhalb des Schutzes geänderte Kopfzeilen: {fields}',
  'summary.legacyDisplayKept':
    'Die Kopfzeilen am Anfang des Textes stimmen nicht mit den geschützten Kopfzeilen überein',
  'error.unknown': 'Ein unerwarteter Fehler ist aufgetreten.',

  ERR_SMIME_INVALID_INPUT: 'Die Eingabe ist nicht das, was diese Funktion erwartet.',
  ERR_SMIME_NOT_SIGNED: 'Die Nachricht ist nicht signiert.',
  ERR_SMIME_MALFORMED_MESSAGE: 'Die Nachricht ist keine gültige S/MIME-Nachricht.',
  ERR_SMIME_MALFORMED_CMS:
    'Die Signatur- oder Verschlüsselungsdaten der Nachricht sind beschädigt.',
  ERR_SMIME_UNSUPPORTED_ALGORITHM: 'Die Nachricht verwendet ein nicht unterstütztes Verfahren.',
  ERR_SMIME_UNSUPPORTED_CONTENT: 'Die Nachricht enthält eine nicht unterstützte Art von Inhalt.',
  ERR_SMIME_NO_SIGNERS: 'Die Signatur nennt keinen Unterzeichner.',
  ERR_SMIME_SIGNER_NOT_FOUND:
    'Das Zertifikat des Unterzeichners fehlt in der Nachricht: unbekannter Unterzeichner.',
  ERR_SMIME_DIGEST_MISMATCH: 'Der Inhalt wurde nach dem Signieren verändert.',
  ERR_SMIME_BAD_SIGNATURE: 'Die Signatur passt nicht zum Schlüssel des Unterzeichners.',
  ERR_SMIME_BAD_ATTRIBUTES: 'Die signierten Attribute der Signatur sind ungültig.',
  ERR_SMIME_NOT_ENCRYPTED: 'Die Nachricht ist nicht verschlüsselt.',
  ERR_SMIME_NOT_A_RECIPIENT: 'Die Nachricht ist für jemand anderen verschlüsselt.',
  ERR_SMIME_DECRYPTION_FAILED: 'Die Nachricht konnte nicht entschlüsselt werden.',
  ERR_SMIME_UNTRUSTED_RECIPIENT: 'Das Zertifikat des Empfängers ist nicht vertrauenswürdig.',
  ERR_SMIME_LIMIT_EXCEEDED: 'Die Nachricht überschreitet eine Sicherheitsgrenze.',
  ERR_SMIME_UNSUITABLE_RECIPIENT:
    'Das Zertifikat des Empfängers lässt sich nicht zum Verschlüsseln verwenden.',
  ERR_SMIME_UNKNOWN_RECIPIENT: 'Für diese Empfängeradresse ist kein Zertifikat bekannt.',
  ERR_SMIME_IDENTITY_REQUIRED:
    'Die Nachricht ist verschlüsselt: zum Öffnen wird Ihr Schlüssel gebraucht.',
  ERR_SMIME_AMBIGUOUS_SENDER: 'Die Nachricht zeigt mehr als einen Absender oder verbirgt einen.',
  ERR_SMIME_UNREADABLE_CERTIFICATE: 'Ein Zertifikat in der Nachricht ist nicht lesbar.',
  ERR_SMIME_ABORTED: 'Der Vorgang wurde abgebrochen.',
  ERR_SMIME_OUTER_SENDER_MISMATCH:
    'Der außerhalb der Signatur angezeigte Absender ist nicht der signierte Absender.',
  ERR_SMIME_TRUNCATED:
    'Die Nachricht endet vorzeitig: Sie wurde unterwegs abgeschnitten, oder der Datenstrom wurde zu früh geschlossen.',
  ERR_SMIME_SIGNING_FAILED: 'Der private Schlüssel konnte die Nachricht nicht signieren.',

  ERR_PKI_INVALID_INPUT: 'Die Eingabe ist nicht das, was diese Funktion erwartet.',
  ERR_PKI_INVALID_PEM: 'Die Datei ist kein gültiges PEM.',
  ERR_PKI_MALFORMED_CERTIFICATE: 'Das Zertifikat ist beschädigt.',
  ERR_PKI_MALFORMED_KEY: 'Der Schlüssel ist beschädigt.',
  ERR_PKI_UNSUPPORTED_ALGORITHM:
    'Zertifikat oder Schlüssel verwenden ein nicht unterstütztes Verfahren.',
  ERR_PKI_BAD_SIGNATURE: 'Die Signatur eines Zertifikats ist ungültig.',
  ERR_PKI_UNKNOWN_ISSUER: 'Das Zertifikat stammt von einer unbekannten Zertifizierungsstelle.',
  ERR_PKI_EXPIRED: 'Das Zertifikat ist abgelaufen.',
  ERR_PKI_NOT_YET_VALID: 'Das Zertifikat ist noch nicht gültig.',
  ERR_PKI_NOT_A_CA: 'Ein Zertifikat der Kette darf keine Zertifikate ausstellen.',
  ERR_PKI_PATH_TOO_LONG: 'Die Zertifikatskette ist zu lang.',
  ERR_PKI_MALFORMED_PKCS12: 'Die .p12-Datei ist beschädigt.',
  ERR_PKI_BAD_PASSWORD: 'Das Passwort ist falsch.',
  ERR_PKI_MAC_MISMATCH: 'Das Passwort ist falsch, oder die .p12-Datei wurde verändert.',
  ERR_PKI_PASSWORD_REQUIRED: 'Ein Passwort wird benötigt.',
  ERR_PKI_DECRYPTION_FAILED: 'Der Schlüssel konnte nicht entschlüsselt werden.',
  ERR_PKI_FINGERPRINT_MISMATCH: 'Der Fingerabdruck passt nicht zum Zertifikat.',
  ERR_PKI_KEY_MISMATCH: 'Der Schlüssel gehört nicht zum Zertifikat.',
  ERR_PKI_LIMIT_EXCEEDED: 'Die Eingabe überschreitet eine Sicherheitsgrenze.',
  ERR_PKI_INVALID_OPTION: 'Eine Option hat einen ungültigen Wert.',
  ERR_PKI_REFUSED_ANCHOR: 'Dieses Zertifikat kann keine vertrauenswürdige Wurzel sein.',
  ERR_PKI_NAME_CONSTRAINT:
    'Das Zertifikat nennt jemanden, für den sein Aussteller nicht bürgen darf.',
  ERR_PKI_REVOKED: 'Das Zertifikat wurde gesperrt.',
  ERR_PKI_REVOCATION_UNKNOWN: 'Ob das Zertifikat gesperrt wurde, ist unbekannt.',
  ERR_PKI_POLICY: 'Das Zertifikat erfüllt die verlangte Richtlinie nicht.',
  ERR_PKI_KEY_USAGE: 'Das Zertifikat darf hierfür nicht verwendet werden.',
  ERR_PKI_EXTENDED_KEY_USAGE: 'Das Zertifikat darf nicht für E-Mail verwendet werden.',
  ERR_PKI_PATH_LENGTH: 'Die Kette hat mehr Zwischenzertifizierungsstellen als erlaubt.',
  ERR_PKI_UNKNOWN_CRITICAL_EXTENSION:
    'Das Zertifikat hat eine kritische Erweiterung, die nicht bekannt ist.',
  ERR_PKI_EMAIL_MISMATCH: 'Das Zertifikat gilt nicht für diese E-Mail-Adresse.',
  ERR_PKI_BUDGET_EXCEEDED: 'Die Prüfung der Zertifikatskette war zu aufwendig.',
  ERR_PKI_MALFORMED_EXTENSION: 'Eine Erweiterung des Zertifikats ist beschädigt.',
  ERR_PKI_WEAK_ALGORITHM: 'Das Zertifikat verwendet ein Verfahren, das nicht mehr sicher ist.',
  ERR_PKI_WEAK_KEY: 'Der Schlüssel des Zertifikats ist zu kurz, um sicher zu sein.',
  ERR_PKI_INVALID_MAILBOX: 'Die E-Mail-Adresse ist ungültig.',
  ERR_PKI_DER_TOO_DEEP: 'Die Daten sind zu tief verschachtelt, um sicher gelesen zu werden.',

  ERR_MIME_INVALID_INPUT: 'Die Eingabe ist nicht das, was diese Funktion erwartet.',
  ERR_MIME_INVALID_SPEC: 'Die zu erstellende Nachricht ist fehlerhaft beschrieben.',
  ERR_MIME_MALFORMED: 'Die Nachricht ist kein gültiges MIME.',
  ERR_MIME_NESTING_TOO_DEEP: 'Die Nachricht verschachtelt ihre Teile zu tief.',
  ERR_MIME_TOO_MANY_PARTS: 'Die Nachricht hat zu viele Teile.',
  ERR_MIME_HEADER_TOO_LARGE: 'Ein Kopf der Nachricht ist zu groß.',
  ERR_MIME_TOO_MANY_HEADERS: 'Die Nachricht hat zu viele Kopfzeilen.',
  ERR_MIME_LINE_TOO_LONG: 'Eine Zeile der Nachricht ist zu lang.',
  ERR_MIME_LIMIT_EXCEEDED: 'Ein Teil der Nachricht ist zu groß, um hier gelesen zu werden.',
}
