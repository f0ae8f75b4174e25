package io.consumergroups.events.logging;

import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.producer.internals.RecordAccumulator;
import org.apache.kafka.clients.producer.internals.Sender;
import org.apache.kafka.clients.producer.internals.TransactionManager;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.LogContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transactional producer's retried {@code CONCURRENT_TRANSACTIONS} and
 * {@code OUT_OF_ORDER_SEQUENCE_NUMBER} lines move from WARN to DEBUG; the same line for
 * any other error, and every other line, stay as they are.
 */
class ExpectedProduceRetryLogFilterTest {

	/** As the producer logs: through Kafka's LogContext, with the producer's prefix. */
	private static final LogContext producerLog = new LogContext(
			"[Producer clientId=order-processor-1-producer-order-processor-1-tx-0, "
					+ "transactionalId=order-processor-1-tx-0] ");

	private static final org.slf4j.Logger sender = producerLog.logger(Sender.class);

	/** Kafka 4.2.1's {@code Sender} line for a retried produce. */
	private static final String RETRYING = "Got error produce response with correlation id {} on topic-partition {}, "
			+ "retrying ({} attempts left). Error: {}";

	private static final Set<Errors> EXPECTED = Set.of(Errors.CONCURRENT_TRANSACTIONS,
			Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);

	@Test
	void shouldMoveTheRetriedConcurrentTransactionsAndOutOfOrderSequenceLinesToDebug() {
		// Given the filter
		// When the Sender retries a produce refused while markers are pending, and the
		// batches queued behind it, with and without the broker's message
		List<ILoggingEvent> logged = loggedWhileInstalled(() -> {
			sender.warn(RETRYING, 18, "order-status-3", 2147483646, "CONCURRENT_TRANSACTIONS");
			sender.warn(RETRYING, 19, "order-status-3", 2147483646, "OUT_OF_ORDER_SEQUENCE_NUMBER");
			sender.warn(RETRYING, 20, "analytics-service-orders-by-sku-repartition-4", 2147483646,
					"CONCURRENT_TRANSACTIONS. Error Message: the coordinator is completing a transaction");
			sender.warn(RETRYING, 21, "order-status-3", 2147483645,
					"OUT_OF_ORDER_SEQUENCE_NUMBER. Error Message: Out of order sequence number for producer 7");
		});

		// Then every line is logged, at DEBUG, as the producer wrote it
		assertThat(logged).extracting(ILoggingEvent::getLevel)
			.containsExactly(Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.DEBUG);
		assertThat(logged.get(0).getFormattedMessage()).startsWith("[Producer clientId=")
			.endsWith("order-status-3, retrying (2147483646 attempts left). Error: CONCURRENT_TRANSACTIONS");
		assertThat(logged.get(3).getFormattedMessage()).endsWith(
				"Error: OUT_OF_ORDER_SEQUENCE_NUMBER. Error Message: Out of order sequence number for producer 7");
	}

	@Test
	void shouldKeepTheRetryLineOfEveryOtherErrorAtWarn() {
		// Given the filter
		// When the Sender retries for another error, even one whose message quotes an
		// expected error's retry line
		List<ILoggingEvent> logged = loggedWhileInstalled(() -> {
			sender.warn(RETRYING, 22, "order-status-1", 5, "NOT_LEADER_OR_FOLLOWER");
			sender.warn(RETRYING, 23, "order-status-1", 4,
					"NOT_ENOUGH_REPLICAS. Error Message: "
							+ "Got error produce response with correlation id 1 on topic-partition order-status-1, "
							+ "retrying (1 attempts left). Error: CONCURRENT_TRANSACTIONS");
		});

		// Then both stay at WARN
		assertThat(logged).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN);
		assertThat(logged.get(0).getFormattedMessage()).endsWith("Error: NOT_LEADER_OR_FOLLOWER");
	}

	@Test
	void shouldLeaveEveryLineThatIsNotARetryAsItIs() {
		// Given the filter
		// When the producer logs lines that are not the Sender's retry line: the Sender's
		// other warnings, a batch that finally failed, the same text from another logger
		List<ILoggingEvent> logged = loggedWhileInstalled(() -> {
			sender.warn("Received invalid metadata error in produce request on partition {} due to {} Going to "
					+ "request metadata update now", "order-status-1", "NOT_LEADER_OR_FOLLOWER");
			producerLog.logger(TransactionManager.class)
				.info("Transiting to abortable error state due to {}",
						new OutOfOrderSequenceException("Out of order sequence number"));
			producerLog.logger(RecordAccumulator.class)
				.warn(RETRYING, 24, "order-status-2", 3, "CONCURRENT_TRANSACTIONS");
		});

		// Then each stays at its level
		assertThat(logged).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO, Level.WARN);
	}

	@Test
	void shouldLogAtWarnOnceRemoved() {
		// Given a filter that was installed, then removed
		var filter = new ExpectedProduceRetryLogFilter();
		filter.afterPropertiesSet();
		filter.destroy();

		// When the Sender retries
		List<ILoggingEvent> logged = logged(
				() -> sender.warn(RETRYING, 25, "order-status-0", 2147483646, "CONCURRENT_TRANSACTIONS"));

		// Then Logback logs it as it did before
		assertThat(filter.isStarted()).isFalse();
		assertThat(logged).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN);
	}

	@Property(tries = 300)
	void shouldMoveTheRetryLineToDebugExactlyForTheExpectedErrors(@ForAll("produceErrors") Errors error,
			@ForAll("topicPartitions") String topicPartition, @ForAll @IntRange(min = 0) int correlationId,
			@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int attemptsLeft,
			@ForAll("errorMessages") String errorMessage) {
		// Given a retry line as the Sender writes it, for any error and message
		String formattedError = error.name() + (errorMessage.isEmpty() ? "" : ". Error Message: " + errorMessage);

		// When it is logged with the filter installed
		List<ILoggingEvent> logged = loggedWhileInstalled(
				() -> sender.warn(RETRYING, correlationId, topicPartition, attemptsLeft, formattedError));

		// Then it is logged once and unchanged,
		// at DEBUG for an expected error and at WARN for any other
		assertThat(logged).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(EXPECTED.contains(error) ? Level.DEBUG : Level.WARN);
			assertThat(event.getFormattedMessage()).isEqualTo(producerLog.logPrefix() + "Got error produce response "
					+ "with correlation id " + correlationId + " on topic-partition " + topicPartition + ", retrying ("
					+ attemptsLeft + " attempts left). Error: " + formattedError);
		});
	}

	/** Half the tries an expected error, half any other. */
	@Provide
	Arbitrary<Errors> produceErrors() {
		return Arbitraries.oneOf(Arbitraries.of(EXPECTED),
				Arbitraries.of(Errors.class).filter((error) -> error != Errors.NONE && !EXPECTED.contains(error)));
	}

	/** A legal topic name and a partition, as {@code TopicPartition} prints them. */
	@Provide
	Arbitrary<String> topicPartitions() {
		Arbitrary<String> topics = Arbitraries.strings()
			.withCharRange('a', 'z')
			.withCharRange('A', 'Z')
			.withCharRange('0', '9')
			.withChars('.', '_', '-')
			.ofMinLength(1)
			.ofMaxLength(60);
		return topics
			.flatMap((topic) -> Arbitraries.integers().between(0, 999).map((partition) -> topic + "-" + partition));
	}

	/** Any text, placeholders and line breaks included, or none. */
	@Provide
	Arbitrary<String> errorMessages() {
		return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().ofMaxLength(80),
				Arbitraries.of("{}", "line\nbreak", "Error: CONCURRENT_TRANSACTIONS"));
	}

	/** What the producer's loggers log while a filter is installed. */
	private static List<ILoggingEvent> loggedWhileInstalled(Runnable logging) {
		var filter = new ExpectedProduceRetryLogFilter();
		filter.afterPropertiesSet();
		try {
			return logged(logging);
		}
		finally {
			filter.destroy();
		}
	}

	/** What the producer's loggers log, at DEBUG and above, kept off the console. */
	private static List<ILoggingEvent> logged(Runnable logging) {
		Logger producer = (Logger) LoggerFactory.getLogger(Sender.class.getPackageName());
		Level level = producer.getLevel();
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		producer.setLevel(Level.DEBUG);
		producer.setAdditive(false);
		producer.addAppender(appender);
		try {
			logging.run();
			return appender.list;
		}
		finally {
			producer.detachAppender(appender);
			producer.setAdditive(true);
			producer.setLevel(level);
		}
	}

}
