// Bayern-Root-CA-2019: root of the administration PKI of the Free State of Bavaria
// ("Bayern-PKI 2.0", published in the V-PKI section of the Bavarian PKI web site).
// C=DE, O=Freistaat Bayern, CN=Bayern-Root-CA-2019; self-signed, RSA-4096, sha256WithRSA,
// serial 06000A, valid 2019-02-28 to 2034-02-28, CA with pathLen 2, policy
// 1.3.6.1.4.1.19266.1.2.4. These are the DER bytes of the published certificate, base64 encoded;
// never edit them. The SHA-256 fingerprint below is pinned by a test, which also checks the
// self-signature.

export const BAYERN_ROOT_CA_2019_SHA256 =
  'F7:B0:21:E0:9C:BA:4F:D5:DC:E2:B3:59:55:58:5B:4F:57:BE:82:3E:3C:63:C5:14:CB:2B:81:6A:0A:A5:9E:09'

export const BAYERN_ROOT_CA_2019_BASE64: string = [
  'MIIFqjCCA5KgAwIBAgIDBgAKMA0GCSqGSIb3DQEBCwUAMEYxCzAJBgNVBAYTAkRFMRkwFwYDVQQKDBBGcmVpc3Rh',
  'YXQgQmF5ZXJuMRwwGgYDVQQDDBNCYXllcm4tUm9vdC1DQS0yMDE5MB4XDTE5MDIyODEyMTk1MFoXDTM0MDIyODA4',
  'MjAwOVowRjELMAkGA1UEBhMCREUxGTAXBgNVBAoMEEZyZWlzdGFhdCBCYXllcm4xHDAaBgNVBAMME0JheWVybi1S',
  'b290LUNBLTIwMTkwggIiMA0GCSqGSIb3DQEBAQUAA4ICDwAwggIKAoICAQCgZE62oedtTkPzAIxDr/mFOYBT83f2',
  'W3Ll+NszppNG+l4BxEjiPKu5lyEq0I8w7SJUr8+RmYp1T+b0XeRd3xKEECOUkhSbwyQh0lHLc1pQj20syaEJ7+e7',
  '4QL+UFCpZdU1FfjAclcWe4W3+NkYkU0BUtI1tRwZfQJyIugtiJPjK5nwQsHsuD1AkUqX4acEYyclfWEXgJxBBZPx',
  'SRZaLNCcAX2VCruUnhfAhSd3s73icMVmnVLEucXeiHv9DeXfvf6xrJrKJnV/RTSBr1C9O3xKxF9xRlY5CR8UKwsC',
  '0A2LNCu/P0bzhTk2E/Qp7hqN/KPL8pEM7Vii8qyOCRRLNIgD0mZuAzdWig1V7ov1Y92zbFe7n0a7nFqlLqcCNv13',
  '1RP9H7iH1SiCXdNfO+ACxHGbXwCczlwqCdZ89BIKFs6TW0FkCqrP6GVbeCfiXKFxIh9dM3jjZSyeljRY41z8EZ/Y',
  'Ca6UP5PubiowV6YwYcMVZCRfLHmpF9fh85MQRgdeirBmFxJd8LpXOfA/NSP0UIuoJFqygSiX/WBE26BOyA3xE0up',
  'w/4pZZf8rhsmASWPF5z/PtqQvQamxfLB4hWIngGxOR5pY+GSDT50R+5posxQ7byxS5FbvLHAsiuaQUbUOieRAL8s',
  'HM6VYIu+BjgBtaKafythFc/V/z/YMz7HJ0oMmQIDAQABo4GgMIGdMBIGA1UdEwEB/wQIMAYBAf8CAQIwEQYDVR0O',
  'BAoECEQezjUjfkDbMGQGA1UdIARdMFswWQYLKwYBBAGBlkIBAgQwSjBIBggrBgEFBQcCARY8aHR0cHM6Ly93d3cu',
  'cGtpLmJheWVybi5kZS9tYW0vcGtpL3Zwa2kvcG9saWN5X2JheWVybi1wa2kucGRmMA4GA1UdDwEB/wQEAwIBBjAN',
  'BgkqhkiG9w0BAQsFAAOCAgEAOoLDRYJa0Ur4y/4GFcxXVlVGHYFRofxEfMLJJfnj+Wp61ESJM7eUmjAXnlL+pbtz',
  '/wiRXWFDglyWUjGqkClX8H33ijTrOc243Lv/wSbPz/SgS3tW8p9AK/M6RhhOfx6O/CdtjltOaQH6U840eEH3Q5uh',
  'K2Dco0ZEUGw+OJ/Kia6gSMycH8odNzDKrlqc+PCXZjXeCQwO7H7MdK5YPYGZAeQfuEnypGZIa/2YLuAW6rLHKhbT',
  'umKUJnZMovpstGGzZBXO7Puw4o9hxhHvw4bRh1aHEsWtAYtK6PThxY8DxeqaTdGi86Bl784lPsn9yruZcQYxYmlA',
  'WwSs6S6uRiOuhdpQEXU3it28g2oupkD3yGZ29Zhu2R0LwQK0TRu0xxhyqkuxmkDLFNnVqv968QpIKOej8ivdKmgS',
  'IEcodSFyKl+WFlMIu0jwh358dHkxJ9vPogmuSWnp36OdxAGgNl0OH0YdFmY0AW7eA2/Xt6jsTDhM8j8gvBnt421G',
  'IwQeoka2O8G51SXZPUQbd/qf1mus4N8at0SIDfz+w+ExbMeYeoFCG+DtcFChm96Z3W2ClQYHrDCO+g2JzWNFuCn6',
  '0ZjJ74IFZOnjKRHU1/qR1LjDwExEIu/pSz+trinq2TiscuKjPn1lls+kg+/vP+ZOs+Dq/w/dTfJR8Yg4DXh4zz18',
  'G4s=',
].join('')
