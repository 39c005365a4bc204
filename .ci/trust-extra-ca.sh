#!/bin/sh
# Adds the PEM certificates in $1 (if the file exists and is not empty) to the system trust store (curl, used by
# ./mvnw to fetch Maven) and to the JDK's (Maven itself), so that a build behind a TLS-inspecting proxy reaches
# Maven Central. Used by the image builder stages.
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
if [ -d /usr/local/share/ca-certificates ] && command -v update-ca-certificates >/dev/null; then
  cp "$bundle" /usr/local/share/ca-certificates/extra-ca.crt
  update-ca-certificates >/dev/null 2>&1 || true
fi
echo "trusted $(ls "$dir" | wc -l) extra CA certificate(s) in $store and the system store"
rm -rf "$dir"
