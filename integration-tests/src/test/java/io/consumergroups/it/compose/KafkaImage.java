package io.consumergroups.it.compose;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the {@code apache/kafka} image makes of a container's environment: the
 * {@code server.properties} its start-up scripts write before the broker starts. The
 * rules are those of the image's sources in Apache Kafka's {@code docker/} folder:
 * <ul>
 * <li>{@code resources/common-scripts/configure}: when {@code KAFKA_LISTENERS} is unset
 * (and the node is not a controller only) it is derived from
 * {@code KAFKA_ADVERTISED_LISTENERS}, each host replaced by {@code 0.0.0.0};</li>
 * <li>{@code resources/utility/utility.go}, {@code render-properties} with
 * {@code kafka-propertiesSpec.json}: every variable whose name starts with {@code KAFKA},
 * except the JVM and logging ones, becomes a property; {@code KAFKA_} is dropped, a
 * single {@code _} becomes {@code .}, {@code ___} becomes {@code -}, {@code __} becomes
 * {@code _}, and the name is lower-cased ({@code ConvertKey});</li>
 * <li>the environment is read as {@code NAME=VALUE} split at every {@code =}, and only
 * entries with exactly two parts are kept ({@code ListToMap}): a value that contains
 * {@code =} is silently dropped;</li>
 * <li>when any property comes from the environment, the image's default
 * {@code server.properties} is not used at all.</li>
 * </ul>
 * {@code CLUSTER_ID} is not a property: the image formats the storage with it.
 */
final class KafkaImage {

	/**
	 * From {@code kafka-propertiesSpec.json}: variables that are not broker properties.
	 */
	static final List<String> EXCLUDED = List.of("KAFKA_VERSION", "KAFKA_HEAP_OPT", "KAFKA_LOG4J_OPTS", "KAFKA_OPTS",
			"KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_LOG4J_ROOT_LOGLEVEL",
			"KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL");

	/**
	 * The variables that some version of the image's {@code configureDefaults} sets when
	 * they are unset (defaults for a single node). A compose file for a cluster must set
	 * each of them, whatever the image version does.
	 */
	static final List<String> SINGLE_NODE_DEFAULTS = List.of("CLUSTER_ID", "KAFKA_NODE_ID",
			"KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS",
			"KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS",
			"KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
			"KAFKA_PROCESS_ROLES", "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_INTER_BROKER_LISTENER_NAME",
			"KAFKA_CONTROLLER_LISTENER_NAMES", "KAFKA_LOG_DIRS");

	private static final Pattern SINGLE_UNDERSCORE = Pattern.compile("[^_]_[^_]");

	private KafkaImage() {
	}

	/**
	 * The property a variable becomes.
	 * @param variable e.g. {@code KAFKA_MIN_INSYNC_REPLICAS}
	 * @return e.g. {@code min.insync.replicas}
	 */
	static String propertyName(String variable) {
		String key = variable.substring("KAFKA".length() + 1);
		// Go's ReplaceAllStringFunc, as Java's replaceAll: leftmost, non-overlapping
		Matcher singles = SINGLE_UNDERSCORE.matcher(key);
		String dotted = singles.replaceAll((match) -> Matcher.quoteReplacement(match.group().replace('_', '.')));
		return dotted.replace("___", "-").replace("__", "_").toLowerCase();
	}

	/**
	 * The {@code server.properties} the image writes for a container's environment.
	 * @param environment the container's environment
	 * @return property to value, sorted by name as the image writes them
	 */
	static Map<String, String> serverProperties(Map<String, String> environment) {
		Map<String, String> effective = new LinkedHashMap<>(environment);
		String processRoles = effective.get("KAFKA_PROCESS_ROLES");
		if (!effective.containsKey("KAFKA_LISTENERS") && !"controller".equals(processRoles)
				&& effective.containsKey("KAFKA_ADVERTISED_LISTENERS")) {
			effective.put("KAFKA_LISTENERS",
					effective.get("KAFKA_ADVERTISED_LISTENERS").replaceAll("://[^:]*:", "://0.0.0.0:"));
		}
		Map<String, String> properties = new TreeMap<>();
		effective.forEach((variable, value) -> {
			if (variable.startsWith("KAFKA") && !EXCLUDED.contains(variable) && !value.contains("=")) {
				properties.put(propertyName(variable), value);
			}
		});
		return properties;
	}

}
