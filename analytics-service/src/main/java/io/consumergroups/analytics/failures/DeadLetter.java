package io.consumergroups.analytics.failures;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.consumergroups.events.DeadLetterPublisher;
import io.consumergroups.events.DeadLetters;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;

import org.springframework.core.NestedExceptionUtils;

/**
 * A dead letter of analytics-service, as Kafka Streams writes one (KIP-1034): the record
 * that failed, its origin and cause in {@code __streams.errors.*} headers, plus the
 * {@link DeadLetters#ROOT_CAUSE_HEADER} every dead-letter topic of the project carries.
 * <p>
 * Unlike the records Kafka Streams 4.2.1 builds itself
 * ({@code ExceptionHandlerUtils.buildDeadLetterQueueRecord}), this one always fits its
 * topic, with the bounds of {@link DeadLetterPublisher}: key, value and each header value
 * are cut, the original record's headers dropped past a budget, and
 * {@link DeadLetterPublisher#TRUNCATED_HEADER} says what was cut. Kafka's own copies the
 * whole record and adds the full exception message and stack trace: a record of 1 MB on
 * {@code orders}, or of 250 kB when the message quotes the input, becomes a dead letter
 * the producer refuses, and under exactly-once a refused send aborts the transaction, so
 * the record is met again and again ({@code DeadLetterTest} and
 * {@code AnalyticsBadInputIT} show it).
 */
public final class DeadLetter {

	/** The exception's class name. */
	public static final String EXCEPTION_HEADER = "__streams.errors.exception";

	/** The exception's message. */
	public static final String MESSAGE_HEADER = "__streams.errors.message";

	/** The exception's stack trace, with its causes. */
	public static final String STACKTRACE_HEADER = "__streams.errors.stacktrace";

	/** The topic the failed record was read from. */
	public static final String TOPIC_HEADER = "__streams.errors.topic";

	/** Its partition. */
	public static final String PARTITION_HEADER = "__streams.errors.partition";

	/** Its offset. */
	public static final String OFFSET_HEADER = "__streams.errors.offset";

	/** Bytes a header takes in a record besides its name and value (varint lengths). */
	private static final int HEADER_OVERHEAD = 10;

	private static final int LOGGED_MESSAGE_LENGTH = 500;

	private DeadLetter() {
	}

	/**
	 * The dead-letter topic, {@code errors.dead.letter.queue.topic.name}, from the
	 * configuration of a handler.
	 * @param configs the Streams configuration
	 * @return the topic
	 * @throws ConfigException when no dead-letter topic is set: a handler that could not
	 * write a dead letter would lose records silently
	 */
	static String topic(Map<String, ?> configs) {
		Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
		if (topic == null || topic.toString().isBlank()) {
			throw new ConfigException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " must be set");
		}
		return topic.toString();
	}

	/**
	 * A dead letter that fits its topic.
	 * @param topic the dead-letter topic
	 * @param context where the failed record comes from
	 * @param key the failed record's key as it was read, may be null
	 * @param value its value as it was read, may be null
	 * @param exception why it failed
	 * @return the record to write, at most about 650 kB
	 */
	public static ProducerRecord<byte[], byte[]> of(String topic, ErrorHandlerContext context, byte[] key, byte[] value,
			Exception exception) {
		List<String> cuts = new ArrayList<>();
		byte[] boundedKey = cut("key", key, DeadLetterPublisher.MAX_KEY_BYTES, cuts);
		byte[] boundedValue = cut("value", value, DeadLetterPublisher.MAX_VALUE_BYTES, cuts);
		Map<String, byte[]> own = new LinkedHashMap<>();
		own.put(EXCEPTION_HEADER, utf8(exception.getClass().getName()));
		own.put(MESSAGE_HEADER, utf8(String.valueOf(exception.getMessage())));
		own.put(STACKTRACE_HEADER, utf8(stackTrace(exception)));
		own.put(TOPIC_HEADER, utf8(context.topic()));
		own.put(PARTITION_HEADER, utf8(String.valueOf(context.partition())));
		own.put(OFFSET_HEADER, utf8(String.valueOf(context.offset())));
		own.put(DeadLetters.ROOT_CAUSE_HEADER, utf8(rootCause(exception)));
		Headers headers = headers(own, context.headers(), cuts);
		if (!cuts.isEmpty()) {
			headers.add(DeadLetterPublisher.TRUNCATED_HEADER, utf8(String.join("; ", cuts)));
		}
		// A record without a valid timestamp gets the producer's clock rather than an
		// IllegalArgumentException in the handler, which would stop the stream thread.
		Long timestamp = (context.timestamp() >= 0) ? context.timestamp() : null;
		return new ProducerRecord<>(topic, null, timestamp, boundedKey, boundedValue, headers);
	}

	/**
	 * One line per dead letter, without the stack trace (it is in the dead letter): a
	 * burst of bad records must not flood the log.
	 */
	static void log(Logger logger, String stage, ErrorHandlerContext context, Exception exception) {
		String message = rootCause(exception);
		if (message.length() > LOGGED_MESSAGE_LENGTH) {
			message = message.substring(0, LOGGED_MESSAGE_LENGTH) + "…";
		}
		logger.warn("Dead letter from {} of {}-{}@{} (task {}, node {}): {}", stage, context.topic(),
				context.partition(), context.offset(), context.taskId(), context.processorNodeId(), message);
		logger.debug("Dead letter cause", exception);
	}

	private static String rootCause(Exception exception) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(exception);
		return cause.getClass().getName() + ": " + cause.getMessage();
	}

	/**
	 * The dead letter's own headers, each value cut to size, then the original record's
	 * as long as they fit the budget. An original header named like one of the dead
	 * letter's (a dead letter written back to {@code orders}) is dropped, so that every
	 * reader finds this failure's cause whichever of a name's headers it reads.
	 */
	private static Headers headers(Map<String, byte[]> own, Headers original, List<String> cuts) {
		Headers bounded = new RecordHeaders();
		int size = 0;
		int cutValues = 0;
		for (Map.Entry<String, byte[]> header : own.entrySet()) {
			byte[] value = header.getValue();
			if (value.length > DeadLetterPublisher.MAX_HEADER_VALUE_BYTES) {
				value = Arrays.copyOf(value, DeadLetterPublisher.MAX_HEADER_VALUE_BYTES);
				cutValues++;
			}
			bounded.add(header.getKey(), value);
			size += sizeOf(header.getKey(), value);
		}
		int dropped = 0;
		for (Header header : (original != null) ? original : new RecordHeaders()) {
			byte[] value = header.value();
			if (value != null && value.length > DeadLetterPublisher.MAX_HEADER_VALUE_BYTES) {
				value = Arrays.copyOf(value, DeadLetterPublisher.MAX_HEADER_VALUE_BYTES);
			}
			if (own.containsKey(header.key()) || DeadLetterPublisher.TRUNCATED_HEADER.equals(header.key())
					|| size + sizeOf(header.key(), value) > DeadLetterPublisher.MAX_HEADERS_BYTES) {
				dropped++;
				continue;
			}
			cutValues += (value != header.value()) ? 1 : 0;
			bounded.add(new RecordHeader(header.key(), value));
			size += sizeOf(header.key(), value);
		}
		if (cutValues > 0) {
			cuts.add(cutValues + " header value(s) cut to " + DeadLetterPublisher.MAX_HEADER_VALUE_BYTES + " bytes");
		}
		if (dropped > 0) {
			cuts.add(dropped + " original header(s) dropped");
		}
		return bounded;
	}

	private static byte[] cut(String what, byte[] data, int max, List<String> cuts) {
		if (data != null && data.length > max) {
			cuts.add(what + " cut from " + data.length + " to " + max + " bytes");
			return Arrays.copyOf(data, max);
		}
		return data;
	}

	private static int sizeOf(String key, byte[] value) {
		return utf8(key).length + ((value != null) ? value.length : 0) + HEADER_OVERHEAD;
	}

	private static String stackTrace(Exception exception) {
		StringWriter trace = new StringWriter();
		exception.printStackTrace(new PrintWriter(trace));
		return trace.toString();
	}

	private static byte[] utf8(String text) {
		return String.valueOf(text).getBytes(StandardCharsets.UTF_8);
	}

}
