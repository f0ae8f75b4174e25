package io.consumergroups.analytics.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import io.consumergroups.analytics.AnalyticsProperties;
import io.consumergroups.analytics.failures.StreamThreadFailures;
import io.consumergroups.analytics.topology.AnalyticsTopics;
import io.consumergroups.analytics.topology.AnalyticsTopology;
import io.consumergroups.events.Order;
import io.consumergroups.events.logging.ExpectedProduceRetryLogFilter;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.KafkaStreamsCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * The Kafka Streams application: Spring Boot builds its configuration from
 * {@code spring.kafka.streams.*}, Spring Kafka's {@code StreamsBuilderFactoryBean} starts
 * and stops it with the context; this adds the topology, and what YAML cannot say.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class AnalyticsStreamsConfig {

	@Bean
	KStream<String, Order> analyticsTopology(StreamsBuilder builder, AnalyticsProperties properties) {
		return AnalyticsTopology.build(builder, properties);
	}

	/**
	 * Under exactly-once the Streams producer's produce requests to the repartition
	 * topics are often refused while the previous transaction's markers are written, and
	 * retried, which the producer logs at WARN, one line per partition: those retries go
	 * to DEBUG.
	 * @return the log filter
	 */
	@Bean
	ExpectedProduceRetryLogFilter expectedProduceRetryLogFilter() {
		return new ExpectedProduceRetryLogFilter();
	}

	/**
	 * On a new cluster the consumer asks for the repartition topics before the first
	 * rebalance creates them, which Kafka logs at WARN: those lines go to DEBUG.
	 * @return the log filter
	 */
	@Bean
	InternalTopicsStartupLogFilter internalTopicsStartupLogFilter() {
		return new InternalTopicsStartupLogFilter();
	}

	/**
	 * A failed stream thread is replaced, up to 5 times in 10 minutes: more often than a
	 * broker outage kills threads (each waits {@code task.timeout.ms}, 5 minutes, first).
	 * @param clock the time source
	 * @return the policy
	 */
	@Bean
	StreamThreadFailures streamThreadFailures(Clock clock) {
		return new StreamThreadFailures(5, Duration.ofMinutes(10), clock);
	}

	/**
	 * Records that cannot be processed go to {@link AnalyticsTopics#ORDERS_DLT} (Kafka
	 * 4.2's {@code errors.dead.letter.queue.topic.name}), named where the other topics
	 * are; a failed stream thread is replaced rather than the client stopped; each
	 * instance advertises where its queries are answered; and the group protocol is
	 * {@code analytics.group.protocol}, once the configuration is known to run under it.
	 * @param properties the advertised host
	 * @param threadFailures what to do when a stream thread fails
	 * @param environment where the bound HTTP port is found
	 * @return the configurer of the factory bean
	 */
	@Bean
	StreamsBuilderFactoryBeanConfigurer analyticsStreamsSettings(AnalyticsProperties properties,
			StreamThreadFailures threadFailures, Environment environment) {
		return (factoryBean) -> {
			StreamsProtocolLimits.check(properties.group().protocol(), factoryBean.getStreamsConfiguration());
			factoryBean.setGroupProtocol(properties.group().protocol());
			factoryBean.setDeadLetterTopicName(AnalyticsTopics.ORDERS_DLT);
			factoryBean.setStreamsUncaughtExceptionHandler(threadFailures);
			factoryBean
				.setKafkaStreamsCustomizer(advertiseQueryEndpoint(properties.query().advertisedHost(), environment));
		};
	}

	/**
	 * {@code application.server}: how the other instances reach this one's HTTP API.
	 * Kafka Streams shares it with the group, so that each instance knows which one owns
	 * which partitions of the stores. It is set when Streams starts, after the web
	 * server, so it carries the port actually bound ({@code server.port=0} works too). An
	 * explicit {@code spring.kafka.streams.properties.application.server} wins.
	 */
	static KafkaStreamsCustomizer advertiseQueryEndpoint(String host, Environment environment) {
		return new KafkaStreamsCustomizer() {

			@Override
			public KafkaStreams initKafkaStreams(Topology topology, Properties config, KafkaClientSupplier clients) {
				config.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG,
						host + ":" + environment.getRequiredProperty("local.server.port"));
				return KafkaStreamsCustomizer.super.initKafkaStreams(topology, config, clients);
			}

			@Override
			public void customize(KafkaStreams kafkaStreams) {
			}

		};
	}

}
