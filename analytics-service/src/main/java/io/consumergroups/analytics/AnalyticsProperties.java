package io.consumergroups.analytics;

import java.time.Duration;

import org.apache.kafka.streams.GroupProtocol;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the analytics service. The Kafka Streams client itself is configured under
 * {@code spring.kafka.streams.*}.
 *
 * @param windows the per-minute windows
 * @param topProducts the product ranking
 * @param topics the output topics
 * @param query how instances answer queries for one another
 * @param group how the instances form their group
 */
@ConfigurationProperties("analytics")
public record AnalyticsProperties(@DefaultValue Windows windows, @DefaultValue TopProducts topProducts,
		@DefaultValue Topics topics, @DefaultValue Query query, @DefaultValue Group group) {

	/**
	 * Tumbling windows over event time, {@code Order.createdAt}.
	 *
	 * @param size the length of a window
	 * @param grace how long after its end a window still accepts late orders, measured in
	 * stream time (the latest {@code createdAt} seen by the task). It must cover the
	 * disorder orders arrive with: clocks of producers, and the repartition by region,
	 * where orders of six input partitions, processed at their own pace, meet. An order
	 * later than that is dropped and counted in the {@code dropped-records} metric.
	 * @param retention how long windows stay queryable, in stream time; at least size
	 * plus grace. The changelog a moved task restores them from is deleted by the broker
	 * by record time, that is event time: retention plus a day
	 * ({@code windowstore.changelog.additional.retention.ms}) after {@code createdAt}.
	 * Replay orders older than that and their windows are lost when their task moves.
	 */
	public record Windows(@DefaultValue("1m") Duration size, @DefaultValue("1m") Duration grace,
			@DefaultValue("24h") Duration retention) {

	}

	/**
	 * The best-selling products.
	 *
	 * @param size how many products the ranking keeps
	 */
	public record TopProducts(@DefaultValue("10") int size) {

	}

	/**
	 * The {@code analytics.*} topics, created at startup when missing; their replication
	 * factor is the broker's default.
	 *
	 * @param partitions how many partitions each has
	 */
	public record Topics(@DefaultValue("6") int partitions) {

	}

	/**
	 * Interactive queries across instances.
	 *
	 * @param advertisedHost the host name other instances reach this one by; with the
	 * HTTP port it becomes the Streams {@code application.server}. In Kubernetes, the
	 * pod's IP or its name behind a headless service.
	 * @param timeout how long to wait for another instance's answer
	 */
	public record Query(@DefaultValue("localhost") String advertisedHost, @DefaultValue("5s") Duration timeout) {

	}

	/**
	 * The group of the instances, named by {@code spring.kafka.streams.application-id}.
	 *
	 * @param protocol {@code classic}: a consumer group whose leader member runs the
	 * Streams assignor; {@code streams} (KIP-1071): a streams group, whose tasks the
	 * broker assigns. Kafka Streams' {@code group.protocol}, set here rather than under
	 * {@code spring.kafka.streams.properties} so that the combinations Kafka 4.2.1
	 * refuses or ignores under {@code streams} are refused at start-up
	 * ({@code StreamsProtocolLimits})
	 * @param sessionTimeout under {@code streams}: how long the broker waits for a
	 * member's heartbeat before it gives the member's tasks to others, written to the
	 * group's config ({@code streams.session.timeout.ms}); the broker bounds it by
	 * {@code group.streams.min/max.session.timeout.ms}. Under {@code classic} the
	 * consumer's own {@code session.timeout.ms} applies
	 * @param heartbeatInterval under {@code streams}: how often members heartbeat, and so
	 * how soon they learn of a new assignment ({@code streams.heartbeat.interval.ms})
	 */
	public record Group(@DefaultValue("classic") GroupProtocol protocol, @DefaultValue("10s") Duration sessionTimeout,
			@DefaultValue("1s") Duration heartbeatInterval) {

	}

}
