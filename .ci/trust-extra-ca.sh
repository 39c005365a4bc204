#!/bin/sh
# Adds the PEM certificates in $1 (if the file exists and is not empty) to the trust store of the JDK on PATH,
# so that Maven can reach Maven Central through a TLS-inspecting proxy. Used by the image builder stages.
set -eu
bundle="$1"
[ -s "$bundle" ] || exit 0
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
store="$java_home/lib/security/cacerts"
dir=$(mktemp -d)
awk -v dir="$dir" '/-----BEGIN CERTIFICATE-----/ { n++ } n { print > (dir "/cert-" n ".pem") }' "$bundle"
for cert in "$dir"/cert-*.pem; do
  keytool -importcert -noprompt -cacerts -storepass changeit -alias "extra-$(basename "$cert" .pem)" \
    -file "$cert" >/dev/null
done
echo "trusted $(ls "$dir" | wc -l) extra CA certificate(s) in $store"
rm -rf "$dir"
