#!/usr/bin/env bash
# Generates the test PKI used by the test suites: a root CA, an intermediate CA and two
# S/MIME users (RSA and EC P-256), every certificate with the RFC 8550 S/MIME profile.
# Usage: scripts/gen-test-pki.sh <output-dir>
# Keys are random, so each run writes different bytes; the structure is what is declared here.
set -euo pipefail
out=${1:?usage: gen-test-pki.sh <output-dir>}
mkdir -p "$out"
cd "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/ext.cnf" <<'CNF'
[root]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[intermediate]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[alice]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment
extendedKeyUsage = emailProtection
subjectAltName = email:alice@example.org
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[mallory]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
subjectAltName = email:mallory@example.org

[bob]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = emailProtection
subjectAltName = email:bob@example.org
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[carol]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = emailProtection
subjectAltName = email:carol@example.org
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[dave]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyAgreement
subjectAltName = email:dave@example.org
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

days=3650
key() { # name, algorithm options...
  local name=$1; shift
  openssl genpkey "$@" -out "$name.key.pem" 2>/dev/null
}
key root -algorithm RSA -pkeyopt rsa_keygen_bits:2048
openssl req -new -x509 -key root.key.pem -subj "/C=DE/O=Siegel Test/CN=Siegel Test Root CA" \
  -days $days -sha256 -extensions root -config "$work/ext.cnf" -set_serial 0x01 -out root.pem

issue() { # name, issuer, subject, extensions, serial
  openssl req -new -key "$1.key.pem" -subj "$3" -out "$work/$1.csr"
  openssl x509 -req -in "$work/$1.csr" -CA "$2.pem" -CAkey "$2.key.pem" -set_serial "$5" \
    -days $days -sha256 -extfile "$work/ext.cnf" -extensions "$4" -out "$1.pem" 2>/dev/null
}
key intermediate -algorithm RSA -pkeyopt rsa_keygen_bits:2048
issue intermediate root "/C=DE/O=Siegel Test/CN=Siegel Test Issuing CA" intermediate 0x02
key alice -algorithm RSA -pkeyopt rsa_keygen_bits:2048
issue alice intermediate "/C=DE/O=Siegel Test/CN=Alice Example" alice 0x1001
key bob -algorithm EC -pkeyopt ec_paramgen_curve:P-256
issue bob intermediate "/C=DE/O=Siegel Test/CN=Bob Example" bob 0x1002

key carol -algorithm ED25519
issue carol intermediate "/C=DE/O=Siegel Test/CN=Carol Example" carol 0x1003
# Dave's certificate has no extended key usage, as many administration certificates.
key dave -algorithm EC -pkeyopt ec_paramgen_curve:P-384
issue dave intermediate "/C=DE/O=Siegel Test/CN=Dave Example" dave 0x1004

# Negative cases for the trust engine: a CA with the issuing CA's name but another key, and a
# certificate "issued" by Alice, who is no CA.
key impostor -algorithm RSA -pkeyopt rsa_keygen_bits:2048
issue impostor root "/C=DE/O=Siegel Test/CN=Siegel Test Issuing CA" intermediate 0x03
key mallory -algorithm EC -pkeyopt ec_paramgen_curve:P-256
issue mallory alice "/C=DE/O=Siegel Test/CN=Mallory" mallory 0x2001
rm impostor.key.pem

for name in root intermediate alice bob carol dave; do
  openssl verify -CAfile root.pem -untrusted intermediate.pem "$name.pem" >/dev/null
done
echo "test PKI written to $out"
