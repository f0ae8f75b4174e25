package io.consumergroups.analytics.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.consumergroups.events.logging.ExpectedWarningLogFilter;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.common.protocol.Errors;

/**
 * Moves the start-up warning about Kafka Streams' own internal topics from WARN to DEBUG.
 * <p>
 * On a new cluster a Streams application's consumer subscribes to its repartition topics
 * before they exist: the group's leader creates them during the first rebalance. Until
 * then each metadata response lists them as unknown, and Kafka's {@code NetworkClient}
 * (4.2.1) warns "The metadata response from the cluster reported a recoverable issue with
 * correlation id … :
 * {analytics-service-orders-by-sku-repartition=UNKNOWN_TOPIC_OR_PARTITION, …}" a few
 * times, which reads as a fault when it is how Streams starts. Only a line whose every
 * topic is an internal one ({@code -repartition} or {@code -changelog}) and unknown
 * moves; an unknown source topic such as {@code orders}, or any other error, stays at
 * WARN. A missing internal topic later on stops the application with an error of its own
 * ({@code MissingSourceTopicException}).
 */
class InternalTopicsStartupLogFilter extends ExpectedWarningLogFilter {

	private static final String NETWORK_CLIENT_LOGGER = NetworkClient.class.getName();

	private static final String RECOVERABLE_ISSUE = "The metadata response from the cluster reported a recoverable "
			+ "issue with correlation id ";

	/** The line's map of topics to errors, after Kafka's log prefix. */
	private static final Pattern ERRORS = Pattern
		.compile(Pattern.quote(RECOVERABLE_ISSUE) + "\\d+ : \\{(?<errors>[^{}]+)\\}");

	private static final Pattern INTERNAL_TOPIC_UNKNOWN = Pattern
		.compile("\\S+-(repartition|changelog)=" + Errors.UNKNOWN_TOPIC_OR_PARTITION.name());

	@Override
	protected boolean isExpected(String loggerName, String message) {
		return NETWORK_CLIENT_LOGGER.equals(loggerName) && onlyInternalTopicsUnknown(message);
	}

	/**
	 * Whether the line is the recoverable-issue warning and lists nothing but unknown
	 * internal topics. Kafka's {@code LogContext} has formatted it already: the topics
	 * are in the message.
	 */
	private static boolean onlyInternalTopicsUnknown(String message) {
		int line = message.indexOf(RECOVERABLE_ISSUE);
		if (line < 0) {
			return false;
		}
		Matcher matcher = ERRORS.matcher(message).region(line, message.length());
		if (!matcher.matches()) {
			return false;
		}
		for (String error : matcher.group("errors").split(", ")) {
			if (!INTERNAL_TOPIC_UNKNOWN.matcher(error).matches()) {
				return false;
			}
		}
		return true;
	}

}
