package io.consumergroups.analytics;

import java.util.Map;
import java.util.Properties;

import io.consumergroups.analytics.failures.DeadLetterOnDeserializationError;
import io.consumergroups.analytics.failures.DeadLetterOnProcessingError;
import io.consumergroups.analytics.failures.DeadLetterOnProductionError;
import io.consumergroups.analytics.failures.StreamThreadFailures;
import io.consumergroups.analytics.topology.AnalyticsTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.GroupProtocol;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The application started the way {@code main} starts it, to check what only the whole
 * context shows: that {@code analytics-service.yml} is read and what Kafka Streams is
 * configured with. Nothing talks to a broker: Streams and topic creation are not started.
 */
class AnalyticsServiceApplicationTest {

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void startLikeMain() {
		context = AnalyticsServiceApplication.application()
			.run("--server.port=0", "--spring.kafka.admin.auto-create=false",
					"--spring.kafka.streams.auto-startup=false");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void shouldConfigureAnExactlyOnceStreamsApplicationThatDeadLettersBadRecordsAtEveryStage() {
		// Given the application started like main

		// When
		Properties config = context.getBean(KafkaStreamsConfiguration.class).asProperties();

		// Then
		assertThat(config).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-service")
			.containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
			.containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1)
			.doesNotContainKey(StreamsConfig.GROUP_PROTOCOL_CONFIG)
			.containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
					DeadLetterOnDeserializationError.class.getName())
			.containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
					DeadLetterOnProcessingError.class.getName())
			.containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
					DeadLetterOnProductionError.class.getName());
		StreamsBuilderFactoryBean factoryBean = context.getBean(StreamsBuilderFactoryBean.class);
		assertThat(factoryBean.getDeadLetterTopicName()).isEqualTo(AnalyticsTopics.ORDERS_DLT);
		assertThat(factoryBean.getStreamsUncaughtExceptionHandler())
			.isSameAs(context.getBean(StreamThreadFailures.class));
		assertThat(context.getBean(AnalyticsProperties.class).windows().grace()).hasMinutes(1);
		// group.protocol is set on the factory bean, from analytics.group.protocol
		assertThat(context.getBean(AnalyticsProperties.class).group().protocol()).isEqualTo(GroupProtocol.CLASSIC);
	}

	@Test
	void shouldRefuseToStartUnderTheStreamsProtocolWithStandbysItWouldIgnore() {
		// Given the streams protocol, and standbys asked of the client

		// When / Then: start-up fails, naming the setting and where standbys are set
		assertThatException()
			.isThrownBy(() -> AnalyticsServiceApplication.application()
				.run("--server.port=0", "--spring.kafka.admin.auto-create=false",
						"--spring.kafka.streams.auto-startup=false", "--analytics.group.protocol=streams",
						"--spring.kafka.streams.properties.num.standby.replicas=1")
				.close())
			.havingRootCause()
			.withMessageContaining("analytics.group.protocol=streams cannot run with num.standby.replicas=1")
			.withMessageContaining("streams.num.standby.replicas");
	}

	@Test
	void shouldDeclareTheOutputTopicsWithTheBrokersReplicationFactor() {
		// Given the application started like main

		// When
		Map<String, NewTopic> topics = context.getBeansOfType(NewTopic.class);

		// Then
		assertThat(topics.values()).extracting(NewTopic::name)
			.containsExactlyInAnyOrder(AnalyticsTopics.ORDERS_PER_MINUTE, AnalyticsTopics.REVENUE_BY_REGION,
					AnalyticsTopics.TOP_PRODUCTS, AnalyticsTopics.ORDERS_DLT);
		assertThat(topics.values()).allSatisfy((topic) -> assertThat(topic.replicationFactor()).isEqualTo((short) -1));
	}

}
