package io.consumergroups.analytics.config;

import io.consumergroups.analytics.failures.StreamThreadFailures;
import org.apache.kafka.streams.KafkaStreams;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} follows the Kafka Streams client: down once it has stopped on
 * an error (a missing source topic, a failure in processing), so that a platform restarts
 * the instance rather than keep a web server whose state no longer moves. Rebalancing is
 * up: it is how instances share work. The stream threads replaced recently are shown: a
 * thread that fails is replaced, and only a thread that keeps failing stops the client.
 */
@Component("kafkaStreams")
class StreamsHealthIndicator implements HealthIndicator {

	private final StreamsBuilderFactoryBean streams;

	private final StreamThreadFailures threadFailures;

	StreamsHealthIndicator(StreamsBuilderFactoryBean streams, StreamThreadFailures threadFailures) {
		this.streams = streams;
		this.threadFailures = threadFailures;
	}

	@Override
	public Health health() {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		if (kafkaStreams == null) {
			return Health.unknown().withDetail("state", "not started").build();
		}
		KafkaStreams.State state = kafkaStreams.state();
		Health.Builder health = (state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED) ? Health.up()
				: Health.down();
		return health.withDetail("state", state.name())
			.withDetail("threadsReplacedRecently", this.threadFailures.recentReplacements())
			.build();
	}

}
