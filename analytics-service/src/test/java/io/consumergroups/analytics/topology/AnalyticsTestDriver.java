package io.consumergroups.analytics.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.consumergroups.analytics.AnalyticsProperties;
import io.consumergroups.analytics.failures.DeadLetterOnDeserializationError;
import io.consumergroups.analytics.failures.DeadLetterOnProcessingError;
import io.consumergroups.analytics.failures.DeadLetterOnProductionError;
import org.apache.kafka.streams.GroupProtocol;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Kafka Streams' test driver set up as analytics-service runs (its error handling and
 * dead-letter topic, as in {@code analytics-service.yml} and
 * {@code AnalyticsStreamsConfig}), around the real topology or a test's own.
 */
public final class AnalyticsTestDriver {

	/** Small windows and ranking, so that tests can reach their edges. */
	static final AnalyticsProperties PROPERTIES = new AnalyticsProperties(
			new AnalyticsProperties.Windows(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofHours(1)),
			new AnalyticsProperties.TopProducts(3), new AnalyticsProperties.Topics(1),
			new AnalyticsProperties.Query("localhost", Duration.ofSeconds(1)),
			new AnalyticsProperties.Group(GroupProtocol.CLASSIC, Duration.ofSeconds(10), Duration.ofSeconds(1)));

	/** The repartition topic by region, as the test driver names it. */
	static final String ORDERS_BY_REGION_TOPIC = "analytics-service-" + AnalyticsTopology.ORDERS_BY_REGION
			+ "-repartition";

	private AnalyticsTestDriver() {
	}

	/**
	 * The analytics topology.
	 * @param stateDir where its stores live
	 * @return a started driver
	 */
	static TopologyTestDriver analytics(Path stateDir) {
		StreamsBuilder builder = new StreamsBuilder();
		AnalyticsTopology.build(builder, PROPERTIES);
		return start(builder.build(), stateDir);
	}

	/**
	 * Any topology, with the error handling of analytics-service.
	 * @param topology the topology
	 * @param stateDir where its stores live
	 * @return a started driver
	 */
	public static TopologyTestDriver start(Topology topology, Path stateDir) {
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-service");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
		config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
				DeadLetterOnDeserializationError.class.getName());
		config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
				DeadLetterOnProcessingError.class.getName());
		config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
				DeadLetterOnProductionError.class.getName());
		config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, AnalyticsTopics.ORDERS_DLT);
		return new TopologyTestDriver(topology, config);
	}

}
