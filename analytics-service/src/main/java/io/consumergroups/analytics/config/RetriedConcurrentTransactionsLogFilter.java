package io.consumergroups.analytics.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import io.consumergroups.events.logging.InstalledTurboFilter;
import org.apache.kafka.clients.producer.internals.Sender;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Marker;

import org.springframework.stereotype.Component;

/**
 * Moves the producer's retried {@code CONCURRENT_TRANSACTIONS} lines from WARN to DEBUG.
 * With exactly-once and transaction version 2, Kafka Streams begins its next transaction
 * while the brokers still write the previous one's markers; a produce to a partition
 * whose markers are pending is answered {@code CONCURRENT_TRANSACTIONS}, and the producer
 * retries it, which is how Kafka means it to work. Its {@code Sender} logs each retry at
 * WARN, one line per partition, so every commit under load prints a burst of six (one per
 * partition of a repartition topic) that tells a reader something is wrong when nothing
 * is. Only those lines move; the same line for any other error, and every other line,
 * stays as it is.
 */
@Component
class RetriedConcurrentTransactionsLogFilter extends InstalledTurboFilter {

	private static final String SENDER_LOGGER = Sender.class.getName();

	/** The retry line of Kafka's {@code Sender}, after the producer's log prefix. */
	private static final String RETRYING = "Got error produce response with correlation id ";

	private static final String RETRY = ", retrying (";

	/**
	 * Kafka's {@code LogContext} formats the line itself, prefix and arguments, before it
	 * reaches Logback: the error is in the message.
	 */
	private static final String CONCURRENT_TRANSACTIONS = "). Error: " + Errors.CONCURRENT_TRANSACTIONS.name();

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable throwable) {
		boolean retried = level == Level.WARN && SENDER_LOGGER.equals(logger.getName()) && format != null
				&& format.contains(RETRYING) && format.contains(RETRY) && format.contains(CONCURRENT_TRANSACTIONS);
		if (!retried) {
			return FilterReply.NEUTRAL;
		}
		if (logger.isDebugEnabled()) {
			logger.debug(format, params);
		}
		return FilterReply.DENY;
	}

}
