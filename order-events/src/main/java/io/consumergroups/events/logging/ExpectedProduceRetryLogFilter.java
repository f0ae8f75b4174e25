package io.consumergroups.events.logging;

import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.internals.Sender;
import org.apache.kafka.common.protocol.Errors;

/**
 * Moves a transactional producer's retries that are part of its normal work from WARN to
 * DEBUG. Kafka's {@code Sender} (4.2.1) logs every retried produce at WARN, one line per
 * partition ("Got error produce response with correlation id … on topic-partition …,
 * retrying (… attempts left). Error: …"), which tells a reader that something is wrong
 * when nothing is, for two errors:
 * <ul>
 * <li>{@code CONCURRENT_TRANSACTIONS}: with transaction version 2 (Kafka 4's default) the
 * next transaction begins while the brokers still write the previous one's markers, and a
 * produce to a partition whose markers are pending is refused until they are
 * written.</li>
 * <li>{@code OUT_OF_ORDER_SEQUENCE_NUMBER}: the batches sent behind a refused one on the
 * same partition arrive with a sequence past the one the broker expects, and are refused
 * too. A transactional producer retries that error only for a batch that is not the next
 * one the partition expects, one queued behind an earlier batch not yet acknowledged
 * ({@code TransactionManager.canRetry}, Kafka 4.2.1), and resends them in order; a real
 * gap in the sequence fails the batch instead, and is logged as it was.</li>
 * </ul>
 * Only those retry lines move. The same retry for any other error stays at WARN, and a
 * produce that finally fails, or any other line, is left as it is
 * ({@code ExpectedProduceRetryLogFilterTest} logs them through Kafka's own
 * {@code LogContext}).
 */
public class ExpectedProduceRetryLogFilter extends ExpectedWarningLogFilter {

	private static final String SENDER_LOGGER = Sender.class.getName();

	/** How the {@code Sender}'s retry line begins, after the producer's log prefix. */
	private static final String RETRY_LINE = "Got error produce response with correlation id ";

	/**
	 * The rest of the retry line, for one of the expected errors, with or without the
	 * broker's error message. Kafka's {@code LogContext} formats the line itself (the
	 * producer's prefix, and the arguments) before it reaches Logback: the error is in
	 * the message.
	 */
	private static final Pattern EXPECTED_RETRY = Pattern.compile(
			Pattern.quote(RETRY_LINE) + "\\d+ on topic-partition \\S+, retrying \\(\\d+ attempts left\\)\\. Error: ("
					+ Errors.CONCURRENT_TRANSACTIONS.name() + "|" + Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.name()
					+ ")(\\. Error Message: .*)?",
			Pattern.DOTALL);

	@Override
	protected boolean isExpected(String loggerName, String message) {
		return SENDER_LOGGER.equals(loggerName) && isExpectedRetry(message);
	}

	/**
	 * Whether the line is the retry line for an expected error. It is read from the first
	 * "Got error produce response": the broker's error message, at the end, cannot make
	 * another error's retry look expected.
	 */
	private static boolean isExpectedRetry(String message) {
		int line = message.indexOf(RETRY_LINE);
		return line >= 0 && EXPECTED_RETRY.matcher(message).region(line, message.length()).matches();
	}

}
