package io.consumergroups.analytics.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.GroupProtocol;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What Kafka Streams 4.2.1 does not support under {@code group.protocol=streams}
 * (KIP-1071), refused before the client starts, with the reason, rather than failing in
 * the middle of start-up or being silently ignored:
 * <ul>
 * <li>static membership ({@code group.instance.id}): Kafka throws a
 * {@code ConfigException} when the client is created;</li>
 * <li>{@code num.standby.replicas}: under {@code streams} the broker decides standbys
 * from the group's {@code streams.num.standby.replicas}, and Kafka logs a warning and
 * ignores the client's setting, so an application would run without the standbys it asked
 * for;</li>
 * <li>{@code group.protocol} under {@code spring.kafka.streams.properties} different from
 * {@code analytics.group.protocol}: Spring Kafka would override it with a warning.</li>
 * </ul>
 * Pattern subscriptions and named topologies, which Kafka also refuses under
 * {@code streams}, the topology does not use. Warm-up replicas are not supported either;
 * Kafka warns and runs without them ({@code max.warmup.replicas}, 2 by default, is
 * ignored).
 */
final class StreamsProtocolLimits {

	private static final String GROUP_INSTANCE_ID = ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;

	private StreamsProtocolLimits() {
	}

	/**
	 * Refuse a configuration the chosen group protocol cannot run as configured.
	 * @param protocol {@code analytics.group.protocol}
	 * @param config the Streams configuration, as built from
	 * {@code spring.kafka.streams.*}
	 * @throws IllegalStateException naming every setting refused, and why
	 */
	static void check(GroupProtocol protocol, Properties config) {
		List<String> refused = new ArrayList<>();
		String name = protocol.name().toLowerCase(Locale.ROOT);
		Object raw = config.get(StreamsConfig.GROUP_PROTOCOL_CONFIG);
		if (raw != null && !name.equalsIgnoreCase(raw.toString())) {
			refused.add("group.protocol=" + raw + " conflicts with analytics.group.protocol=" + name
					+ "; set only analytics.group.protocol");
		}
		if (protocol == GroupProtocol.STREAMS) {
			Stream
				.of(GROUP_INSTANCE_ID, StreamsConfig.consumerPrefix(GROUP_INSTANCE_ID),
						StreamsConfig.mainConsumerPrefix(GROUP_INSTANCE_ID))
				.filter((key) -> isSet(config.get(key)))
				.forEach((key) -> refused.add(key + ": the streams protocol has no static membership in Kafka 4.2"));
			Object standbys = config.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG);
			if (isSet(standbys) && Integer.parseInt(standbys.toString().trim()) > 0) {
				refused.add(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG + "=" + standbys
						+ ": the streams protocol ignores it; standbys are the group's streams.num.standby.replicas,"
						+ " set on the broker (kafka-configs --entity-type groups)");
			}
		}
		if (!refused.isEmpty()) {
			throw new IllegalStateException(
					"analytics.group.protocol=" + name + " cannot run with " + String.join("; ", refused));
		}
	}

	private static boolean isSet(Object value) {
		return value != null && !value.toString().isBlank();
	}

}
