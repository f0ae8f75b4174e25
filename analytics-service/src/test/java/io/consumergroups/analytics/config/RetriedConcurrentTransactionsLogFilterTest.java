package io.consumergroups.analytics.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.producer.internals.Sender;
import org.apache.kafka.common.utils.LogContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer's retried {@code CONCURRENT_TRANSACTIONS} line moves from WARN to DEBUG;
 * the same line for another error, and every other line, stay.
 */
class RetriedConcurrentTransactionsLogFilterTest {

	/** As Kafka's Sender logs: through its LogContext, with the producer's prefix. */
	private final org.slf4j.Logger sender = new LogContext(
			"[Producer clientId=analytics-service-1-StreamThread-1-producer, transactionalId=analytics-service-1] ")
		.logger(Sender.class);

	private static final String RETRYING = "Got error produce response with correlation id {} on topic-partition {}, "
			+ "retrying ({} attempts left). Error: {}";

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	private final RetriedConcurrentTransactionsLogFilter filter = new RetriedConcurrentTransactionsLogFilter();

	private Level level;

	@BeforeEach
	void setUp() {
		this.logged.start();
		this.level = senderLogger().getLevel();
		senderLogger().setLevel(Level.DEBUG);
		senderLogger().addAppender(this.logged);
		this.filter.afterPropertiesSet();
	}

	@AfterEach
	void tearDown() {
		this.filter.destroy();
		senderLogger().detachAppender(this.logged);
		senderLogger().setLevel(this.level);
	}

	@Test
	void shouldMoveARetriedConcurrentTransactionsLineToDebug() {
		this.sender.warn(RETRYING, 18, "analytics-service-orders-by-region-repartition-0", 2147483646,
				"CONCURRENT_TRANSACTIONS");
		this.sender.warn(RETRYING, 19, "analytics-service-orders-by-sku-repartition-4", 2147483646,
				"CONCURRENT_TRANSACTIONS. Error Message: the coordinator is completing a transaction");

		assertThat(this.logged.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG, Level.DEBUG);
		assertThat(this.logged.list.get(0).getFormattedMessage()).startsWith("[Producer clientId=")
			.endsWith("repartition-0, retrying (2147483646 attempts left). Error: CONCURRENT_TRANSACTIONS");
	}

	@Test
	void shouldKeepTheRetryLineOfEveryOtherErrorAndEveryOtherLine() {
		this.sender.warn(RETRYING, 20, "analytics.revenue-by-region-1", 5, "NOT_LEADER_OR_FOLLOWER");
		this.sender.warn("Received invalid metadata error in produce request on partition {}", "orders-1");
		LoggerFactory.getLogger("some.other.Logger").warn(RETRYING, 1, "orders-0", 1, "CONCURRENT_TRANSACTIONS");

		assertThat(this.logged.list).satisfiesExactly((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).endsWith("Error: NOT_LEADER_OR_FOLLOWER");
		}, (event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).endsWith("on partition orders-1");
		});
	}

	@Test
	void shouldLogAtWarnOnceRemoved() {
		this.filter.destroy();

		this.sender.warn(RETRYING, 18, "analytics-service-orders-by-region-repartition-0", 2147483646,
				"CONCURRENT_TRANSACTIONS");

		assertThat(this.logged.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN);
	}

	private static Logger senderLogger() {
		return (Logger) LoggerFactory.getLogger(Sender.class);
	}

}
