#!/usr/bin/env bash
# The admin step of docker-compose.secure.yml, instead of kafka-init's: every grant of
# kafka-local's acls.txt becomes an ACL, every principal in it a SCRAM-SHA-512 user whose
# password is in the variable named after it (order-producer: ORDER_PRODUCER_KAFKA_PASSWORD),
# and orders is created as kafka-init creates it. It logs in as User:CN=kafka-admin with its
# certificate, on the nodes' BROKER listener. ACLs come first: a service that can log in
# finds its grants there. Running it again changes nothing but the passwords.
set -euo pipefail
: "${KAFKA_TLS_STORE_PASSWORD:?}" "${KAFKA_TRUSTSTORE_PASSWORD:?}"
bin=/opt/kafka/bin
acls=${ACLS_FILE:-/etc/kafka/acls.txt}
bootstrap=kafka-1:19093,kafka-2:19093,kafka-3:19093
admin=$(mktemp)
trap 'rm -f "$admin"' EXIT
cat >"$admin" <<PROPERTIES
security.protocol=SSL
ssl.keystore.type=PKCS12
ssl.keystore.location=/etc/kafka/tls/admin.p12
ssl.keystore.password=$KAFKA_TLS_STORE_PASSWORD
ssl.truststore.type=PKCS12
ssl.truststore.location=/etc/kafka/tls/truststore.p12
ssl.truststore.password=$KAFKA_TRUSTSTORE_PASSWORD
PROPERTIES

# principal, resource type, name, pattern, operation[,operation...]: one kafka-acls.sh per
# resource pattern, a JVM each
grouped=$(awk '!/^[[:space:]]*(#|$)/ {
	key = $1 " " $2 " " $3 " " $4
	if (!(key in operations)) { order[++n] = key; operations[key] = $5 } else { operations[key] = operations[key] "," $5 }
} END { for (i = 1; i <= n; i++) print order[i], operations[order[i]] }' "$acls")

while read -r principal type name pattern operations; do
	arguments=(--bootstrap-server "$bootstrap" --command-config "$admin" --add --allow-principal "User:$principal"
		--resource-pattern-type "${pattern,,}")
	case $type in
		TOPIC) arguments+=(--topic "$name") ;;
		GROUP) arguments+=(--group "$name") ;;
		TRANSACTIONAL_ID) arguments+=(--transactional-id "$name") ;;
		CLUSTER) arguments+=(--cluster) ;;
		*) echo "Unknown resource type $type in $acls" >&2; exit 1 ;;
	esac
	for operation in ${operations//,/ }; do
		arguments+=(--operation "$operation")
	done
	"$bin/kafka-acls.sh" "${arguments[@]}"
done <<<"$grouped"

for principal in $(awk '!/^[[:space:]]*(#|$)/ {print $1}' "$acls" | sort -u); do
	variable=$(tr 'a-z-' 'A-Z_' <<<"$principal")_KAFKA_PASSWORD
	password=${!variable:-}
	if [[ -z $password ]]; then
		echo "$variable is not set: every service's Kafka password comes from the environment" >&2
		exit 1
	fi
	"$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --alter \
		--entity-type users --entity-name "$principal" --add-config "SCRAM-SHA-512=[iterations=4096,password=$password]"
done

"$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --create --if-not-exists \
	--topic orders --partitions 6 --replication-factor 3 --config min.insync.replicas=2
