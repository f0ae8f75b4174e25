#!/usr/bin/env bash
# One shot of docker-compose.secure.yml: a throw-away certificate authority signs the nodes'
# certificate (kafka-1, kafka-2, kafka-3, localhost) and the admin step's, as PKCS12 stores in
# three volumes: the nodes', the admin step's, and the trust store the services mount. The
# authority's key is deleted at the end: nobody can make another certificate the nodes trust.
# A volume that has the stores already is left as it is (docker compose down -v starts over).
set -euo pipefail
: "${KAFKA_TLS_STORE_PASSWORD:?set it, e.g. in .env: the password of the nodes' and the admin step's key stores}"
: "${KAFKA_TRUSTSTORE_PASSWORD:?set it, e.g. in .env: the password of the trust store}"

nodes=/tls/nodes
admin=/tls/admin
clients=/tls/clients
if [[ -f $nodes/node.p12 && -f $admin/admin.p12 && -f $clients/truststore.p12 ]]; then
	echo "The certificates exist already"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
days=365

key_store() { # alias, subject, store, extra keytool options...
	local alias=$1 subject=$2 store=$3
	shift 3
	keytool -genkeypair -alias "$alias" -dname "$subject" -keyalg EC -groupname secp256r1 -validity $days \
		-keystore "$store" -storetype PKCS12 -storepass:env KAFKA_TLS_STORE_PASSWORD
	keytool -certreq -alias "$alias" -keystore "$store" -storepass:env KAFKA_TLS_STORE_PASSWORD \
		-file "$work/$alias.csr"
	keytool -gencert -alias ca -keystore "$work/ca.p12" -storepass:env KAFKA_TLS_STORE_PASSWORD \
		-infile "$work/$alias.csr" -outfile "$work/$alias.pem" -rfc -validity $days "$@"
	keytool -importcert -alias ca -file "$work/ca.pem" -keystore "$store" \
		-storepass:env KAFKA_TLS_STORE_PASSWORD -noprompt
	keytool -importcert -alias "$alias" -file "$work/$alias.pem" -keystore "$store" \
		-storepass:env KAFKA_TLS_STORE_PASSWORD -noprompt
}

keytool -genkeypair -alias ca -dname "CN=kafka-consumer-groups CA" -ext bc:c -keyalg EC -groupname secp256r1 \
	-validity $days -keystore "$work/ca.p12" -storetype PKCS12 -storepass:env KAFKA_TLS_STORE_PASSWORD
keytool -exportcert -alias ca -keystore "$work/ca.p12" -storepass:env KAFKA_TLS_STORE_PASSWORD -rfc \
	-file "$work/ca.pem"

# One certificate for the three nodes, a server's to clients and a client's to each other
key_store node "CN=kafka-node" "$nodes/node.p12" -ext "SAN=dns:kafka-1,dns:kafka-2,dns:kafka-3,dns:localhost,ip:127.0.0.1" \
	-ext "KU=digitalSignature,keyAgreement" -ext "EKU=serverAuth,clientAuth"
# The admin step's: a client certificate only
key_store admin "CN=kafka-admin" "$admin/admin.p12" -ext "KU=digitalSignature,keyAgreement" -ext "EKU=clientAuth"

keytool -importcert -alias ca -file "$work/ca.pem" -keystore "$clients/truststore.p12" -storetype PKCS12 \
	-storepass:env KAFKA_TRUSTSTORE_PASSWORD -noprompt
cp "$clients/truststore.p12" "$nodes/truststore.p12"
cp "$clients/truststore.p12" "$admin/truststore.p12"
# The Kafka image and the services run as users other than this container's root
chmod 644 "$nodes"/*.p12 "$admin"/*.p12 "$clients"/*.p12
echo "Made the certificates of kafka-1, kafka-2, kafka-3 (CN=kafka-node) and of the admin step (CN=kafka-admin)"
