package io.consumergroups.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Spring Kafka's {@link DeadLetterPublishingRecoverer}, with two additions every group of
 * this project needs: the {@link DeadLetters#ROOT_CAUSE_HEADER} header, and a dead letter
 * that always fits its topic.
 * <p>
 * Why the bound: a record close to the broker's 1 MB limit passes into {@code orders},
 * and its dead letter is larger still: the copied key and value, plus the exception
 * message and stack trace in headers, which often quote the offending value again. Sent
 * as it is, it fails with {@code RecordTooLargeException}, the poll is retried, fails
 * again, and the partition is blocked for good. So the key is cut to
 * {@value #MAX_KEY_BYTES} bytes, the value to {@value #MAX_VALUE_BYTES}, every header
 * value to {@value #MAX_HEADER_VALUE_BYTES}, and the original record's headers are
 * dropped once they take more than {@value #MAX_HEADERS_BYTES} together. The dead
 * letter's own headers, its cause and its origin (topic, partition, offset), are always
 * kept; the {@value #TRUNCATED_HEADER} header says what was cut. Together that is well
 * under Kafka's default {@code max.request.size} and {@code max.message.bytes} (1 MB).
 */
public class DeadLetterPublisher extends DeadLetterPublishingRecoverer {

	/** The header that says what was cut from a dead letter, when anything was. */
	public static final String TRUNCATED_HEADER = "dlt-truncated";

	/** Most bytes of a dead letter's key. */
	public static final int MAX_KEY_BYTES = 1024;

	/** Most bytes of a dead letter's value. */
	public static final int MAX_VALUE_BYTES = 512 * 1024;

	/** Most bytes of one header value. */
	public static final int MAX_HEADER_VALUE_BYTES = 8 * 1024;

	/** Most bytes of all headers together. */
	public static final int MAX_HEADERS_BYTES = 128 * 1024;

	private static final int MAX_HEADER_NAME_LENGTH = 255;

	private static final Set<String> OWN_HEADERS = Set.of(KafkaHeaders.DLT_EXCEPTION_FQCN,
			KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, KafkaHeaders.DLT_EXCEPTION_STACKTRACE,
			KafkaHeaders.DLT_EXCEPTION_MESSAGE, KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE,
			KafkaHeaders.DLT_KEY_EXCEPTION_MESSAGE, KafkaHeaders.DLT_KEY_EXCEPTION_FQCN,
			KafkaHeaders.DLT_ORIGINAL_TOPIC, KafkaHeaders.DLT_ORIGINAL_PARTITION, KafkaHeaders.DLT_ORIGINAL_OFFSET,
			KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP,
			KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, DeadLetters.ROOT_CAUSE_HEADER);

	/**
	 * A publisher of dead letters.
	 * @param template the template that sends them; in a transaction when the listener's
	 * container is transactional
	 * @param destination where a failed record goes
	 */
	public DeadLetterPublisher(KafkaOperations<?, ?> template,
			BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destination) {
		super(template, destination);
		addHeadersFunction(DeadLetters::rootCause);
	}

	/**
	 * A publisher of dead letters to a topic with as many partitions as the topics read,
	 * each dead letter on the partition number of its record.
	 * @param template the template that sends them
	 * @param topic the dead-letter topic
	 * @return the publisher
	 */
	public static DeadLetterPublisher toSamePartition(KafkaOperations<?, ?> template, String topic) {
		return new DeadLetterPublisher(template, (record, exception) -> new TopicPartition(topic, record.partition()));
	}

	@Override
	protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
			TopicPartition topicPartition, Headers headers, byte[] key, byte[] value) {
		List<String> cuts = new ArrayList<>();
		Object boundedKey = bound("key", (key != null) ? key : record.key(), MAX_KEY_BYTES, cuts);
		Object boundedValue = bound("value", (value != null) ? value : record.value(), MAX_VALUE_BYTES, cuts);
		Headers boundedHeaders = bound(headers, cuts);
		if (!cuts.isEmpty()) {
			boundedHeaders.add(TRUNCATED_HEADER, String.join("; ", cuts).getBytes(StandardCharsets.UTF_8));
		}
		Integer partition = (topicPartition.partition() < 0) ? null : topicPartition.partition();
		return new ProducerRecord<>(topicPartition.topic(), partition, boundedKey, boundedValue, boundedHeaders);
	}

	/**
	 * A key or value as it was if it is small enough; bytes and strings cut to
	 * {@code max} bytes otherwise. Other objects are the consumer's own deserialized
	 * values, which passed the contract and are small.
	 */
	private static Object bound(String what, Object data, int max, List<String> cuts) {
		if (data instanceof byte[] bytes && bytes.length > max) {
			cuts.add(what + " cut from " + bytes.length + " to " + max + " bytes");
			return Arrays.copyOf(bytes, max);
		}
		if (data instanceof String text && text.length() > max / 4) {
			byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
			if (utf8.length > max) {
				cuts.add(what + " cut from " + utf8.length + " to " + max + " bytes");
				return new String(utf8, 0, max, StandardCharsets.UTF_8);
			}
		}
		return data;
	}

	/**
	 * The dead letter's own headers first (cause, origin; the last of each name, as the
	 * original record may carry headers of the same names), then the original record's,
	 * each value cut to size, dropped once over the budget.
	 */
	private static Headers bound(Headers headers, List<String> cuts) {
		Map<String, Header> own = new LinkedHashMap<>();
		List<Header> original = new ArrayList<>();
		for (Header header : headers) {
			if (OWN_HEADERS.contains(header.key())) {
				own.remove(header.key());
				own.put(header.key(), header);
			}
			else {
				original.add(header);
			}
		}
		Headers bounded = new RecordHeaders();
		int size = 0;
		int cutValues = 0;
		int dropped = 0;
		for (Header header : own.values()) {
			Header cut = cut(header);
			cutValues += (cut != header) ? 1 : 0;
			bounded.add(cut);
			size += sizeOf(cut);
		}
		for (Header header : original) {
			Header cut = cut(header);
			if (header.key().length() > MAX_HEADER_NAME_LENGTH || size + sizeOf(cut) > MAX_HEADERS_BYTES) {
				dropped++;
				continue;
			}
			cutValues += (cut != header) ? 1 : 0;
			bounded.add(cut);
			size += sizeOf(cut);
		}
		if (cutValues > 0) {
			cuts.add(cutValues + " header value(s) cut to " + MAX_HEADER_VALUE_BYTES + " bytes");
		}
		if (dropped > 0) {
			cuts.add(dropped + " original header(s) dropped");
		}
		return bounded;
	}

	private static Header cut(Header header) {
		byte[] value = header.value();
		if (value == null || value.length <= MAX_HEADER_VALUE_BYTES) {
			return header;
		}
		return new RecordHeader(header.key(), Arrays.copyOf(value, MAX_HEADER_VALUE_BYTES));
	}

	private static int sizeOf(Header header) {
		return header.key().length() + ((header.value() != null) ? header.value().length : 0);
	}

}
