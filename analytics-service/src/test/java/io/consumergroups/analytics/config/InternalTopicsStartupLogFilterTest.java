package io.consumergroups.analytics.config;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.common.utils.LogContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata warning that lists only Kafka Streams' internal topics as unknown moves to
 * DEBUG; one that lists a source topic, or another error, stays at WARN.
 */
class InternalTopicsStartupLogFilterTest {

	/** As the Streams consumer logs: through Kafka's LogContext, with its prefix. */
	private static final org.slf4j.Logger networkClient = new LogContext(
			"[Consumer clientId=analytics-service-a2ef039d-StreamThread-1-consumer, groupId=analytics-service] ")
		.logger(NetworkClient.class);

	/** Kafka 4.2.1's {@code NetworkClient} line. */
	private static final String RECOVERABLE = "The metadata response from the cluster reported a recoverable issue "
			+ "with correlation id {} : {}";

	@Test
	void shouldMoveTheWarningAboutUnknownInternalTopicsToDebug() {
		List<ILoggingEvent> logged = loggedWhileInstalled(() -> {
			networkClient.warn(RECOVERABLE, 2,
					"{analytics-service-orders-by-sku-repartition=UNKNOWN_TOPIC_OR_PARTITION, "
							+ "analytics-service-orders-by-region-repartition=UNKNOWN_TOPIC_OR_PARTITION, "
							+ "analytics-service-products-to-rank-repartition=UNKNOWN_TOPIC_OR_PARTITION}");
			networkClient.warn(RECOVERABLE, 7,
					"{analytics-service-region-totals-changelog=UNKNOWN_TOPIC_OR_PARTITION}");
		});

		assertThat(logged).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG, Level.DEBUG);
		assertThat(logged.get(0).getFormattedMessage()).startsWith("[Consumer clientId=")
			.endsWith("products-to-rank-repartition=UNKNOWN_TOPIC_OR_PARTITION}");
	}

	@Test
	void shouldKeepTheWarningAboutASourceTopicOrAnotherErrorAtWarn() {
		List<ILoggingEvent> logged = loggedWhileInstalled(() -> {
			networkClient.warn(RECOVERABLE, 3, "{orders=UNKNOWN_TOPIC_OR_PARTITION}");
			networkClient.warn(RECOVERABLE, 4,
					"{analytics-service-orders-by-sku-repartition=UNKNOWN_TOPIC_OR_PARTITION, "
							+ "orders=UNKNOWN_TOPIC_OR_PARTITION}");
			networkClient.warn(RECOVERABLE, 5, "{analytics-service-orders-by-sku-repartition=LEADER_NOT_AVAILABLE}");
			networkClient.warn("Connection to node 2 (localhost/127.0.0.1:9094) could not be established.");
		});

		assertThat(logged).extracting(ILoggingEvent::getLevel)
			.containsExactly(Level.WARN, Level.WARN, Level.WARN, Level.WARN);
	}

	@Test
	void shouldLeaveTheSameLineOfAnotherLoggerAlone() {
		org.slf4j.Logger other = LoggerFactory.getLogger(NetworkClient.class.getPackageName() + ".Other");
		List<ILoggingEvent> logged = loggedWhileInstalled(() -> other.warn(RECOVERABLE, 6,
				"{analytics-service-orders-by-sku-repartition=UNKNOWN_TOPIC_OR_PARTITION}"));

		assertThat(logged).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN);
	}

	private static List<ILoggingEvent> loggedWhileInstalled(Runnable logging) {
		var filter = new InternalTopicsStartupLogFilter();
		filter.afterPropertiesSet();
		Logger clients = (Logger) LoggerFactory.getLogger(NetworkClient.class.getPackageName());
		Level level = clients.getLevel();
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		clients.setLevel(Level.DEBUG);
		clients.setAdditive(false);
		clients.addAppender(appender);
		try {
			logging.run();
			return appender.list;
		}
		finally {
			clients.detachAppender(appender);
			clients.setAdditive(true);
			clients.setLevel(level);
			filter.destroy();
		}
	}

}
