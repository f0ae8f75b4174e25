package io.consumergroups.analytics;

import java.time.Duration;

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
 */
@ConfigurationProperties("analytics")
public record AnalyticsProperties(@DefaultValue Windows windows, @DefaultValue TopProducts topProducts,
		@DefaultValue Topics topics, @DefaultValue Query query) {

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

}
