#!/usr/bin/env bash
# A throw-away PKI for the smart-card e2e run: a test CNS certifier, the TLS
# certificate of the smart-card listener, and one citizen's card certificate
# (CN "<fiscal code>/<serial>.<hash>", given name and surname). Never used
# outside tests; regenerated at every run, never committed.
set -euo pipefail
dir="$1"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
key ca.key
openssl req -x509 -new -key ca.key -out ca.pem -days 30 -subj "/CN=Certificatore CNS di prova" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
key server.key
openssl req -new -key server.key -out server.csr -subj "/CN=127.0.0.1"
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 30 -extfile server.ext 2>/dev/null
key card.key
openssl req -new -key card.key -out card.csr \
  -subj "/CN=VRDGPP84B29H501U\/7420091000049623.FGn6sVVJ3EfTWWhcQzDkqsN6vv4=/GN=Giuseppe/SN=Verdi"
printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n' > card.ext
openssl x509 -req -in card.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out card.pem -days 30 -extfile card.ext 2>/dev/null
