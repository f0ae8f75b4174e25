package io.consumergroups.analytics.failures;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import io.consumergroups.events.DeadLetterPublisher;
import io.consumergroups.events.DeadLetters;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A dead letter always fits its topic, and keeps its cause and origin.
 */
class DeadLetterTest {

	/**
	 * The producer's default {@code max.request.size}, about the broker's message limit.
	 */
	private static final int RECORD_LIMIT = 1024 * 1024;

	@Example
	void shouldFitARecordThatKafkaStreamsOwnDeadLetterWouldMakeTooLarge() {
		// Given a record that just fits orders, failing with a message that quotes it, as
		// Spring Kafka's JSON deserializer does (every byte as a number)
		byte[] value = filled(RECORD_LIMIT - 2_000);
		SerializationException failure = new SerializationException(
				"Can't deserialize data " + Arrays.toString(value) + " from topic [orders]");
		TestContext context = TestContext.of(utf8("customer-1"), value);

		// When Kafka Streams 4.2.1 builds its dead letter, and this one is built
		ProducerRecord<byte[], byte[]> kafkas = ExceptionHandlerUtils.buildDeadLetterQueueRecord("orders.DLT",
				context.sourceRawKey(), value, context, failure);
		ProducerRecord<byte[], byte[]> ours = DeadLetter.of("orders.DLT", context, context.sourceRawKey(), value,
				failure);

		// Then Kafka's is several times too large to send, this one fits
		assertThat(size(kafkas)).isGreaterThan(3 * RECORD_LIMIT);
		assertThat(size(ours)).isLessThan(RECORD_LIMIT - 300_000);
		assertThat(header(ours, DeadLetterPublisher.TRUNCATED_HEADER)).contains("value cut from 1046576 to 524288")
			.contains("3 header value(s) cut to 8192 bytes");
	}

	@Property(tries = 50)
	void shouldFitItsTopicWhateverTheSizesOfTheFailedRecord(@ForAll @IntRange(max = 2_000_000) int keySize,
			@ForAll @IntRange(max = 3_000_000) int valueSize, @ForAll @IntRange(max = 5_000) int headerCount,
			@ForAll @IntRange(max = 100_000) int headerSize, @ForAll @IntRange(max = 3_000_000) int messageSize) {
		// Given a failed record of any size, with any headers, and any message
		RecordHeaders headers = new RecordHeaders();
		for (int i = 0; i < headerCount; i++) {
			headers.add("h" + i, filled(Math.min(headerSize, 2_000_000 / (1 + headerCount))));
		}
		TestContext context = new TestContext("orders", 0, 7, headers, "orders", null, 0, null, null);

		// When it is dead-lettered
		ProducerRecord<byte[], byte[]> deadLetter = DeadLetter.of("orders.DLT", context, filled(keySize),
				filled(valueSize), new IllegalStateException("x".repeat(messageSize)));

		// Then it fits, with its cause and origin
		assertThat(size(deadLetter)).isLessThan(RECORD_LIMIT - 300_000);
		assertThat(header(deadLetter, DeadLetter.EXCEPTION_HEADER)).isEqualTo(IllegalStateException.class.getName());
		assertThat(header(deadLetter, DeadLetter.TOPIC_HEADER)).isEqualTo("orders");
		assertThat(header(deadLetter, DeadLetter.OFFSET_HEADER)).isEqualTo("7");
		assertThat(header(deadLetter, DeadLetters.ROOT_CAUSE_HEADER)).startsWith(IllegalStateException.class.getName());
	}

	@Example
	void shouldKeepOnlyItsOwnCauseWhenTheFailedRecordWasADeadLetterItself() {
		// Given a dead letter written back to orders, failing again
		RecordHeaders headers = new RecordHeaders();
		headers.add(DeadLetter.MESSAGE_HEADER, utf8("the first failure"));
		headers.add(DeadLetterPublisher.TRUNCATED_HEADER, utf8("value cut"));
		headers.add("traceparent", utf8("00-abc-def-01"));
		TestContext context = new TestContext("orders", 0, 7, headers, "orders", null, 0, null, utf8("{}"));

		// When it is dead-lettered
		ProducerRecord<byte[], byte[]> deadLetter = DeadLetter.of("orders.DLT", context, null, utf8("{}"),
				new IllegalStateException("the second failure"));

		// Then its headers name this failure only, and keep the others
		assertThat(deadLetter.headers().headers(DeadLetter.MESSAGE_HEADER)).singleElement()
			.extracting((header) -> new String(header.value(), StandardCharsets.UTF_8))
			.isEqualTo("the second failure");
		assertThat(header(deadLetter, DeadLetterPublisher.TRUNCATED_HEADER)).isEqualTo("2 original header(s) dropped");
		assertThat(header(deadLetter, "traceparent")).isEqualTo("00-abc-def-01");
	}

	@Example
	void shouldLeaveTheTimestampToTheProducerWhenTheFailedRecordHasNone() {
		// Given a failure outside any record, e.g. at a commit
		TestContext context = new TestContext(null, -1, -1, new RecordHeaders(), "sink", null, -1, null, null);

		// When it is dead-lettered
		ProducerRecord<byte[], byte[]> deadLetter = DeadLetter.of("orders.DLT", context, null, null,
				new IllegalStateException("no record"));

		// Then the producer stamps it, rather than the record failing to be built
		assertThat(deadLetter.timestamp()).isNull();
		assertThat(header(deadLetter, DeadLetter.TOPIC_HEADER)).isEqualTo("null");
	}

	@Example
	void shouldRefuseToStartWithoutADeadLetterTopic() {
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> DeadLetter.topic(Map.of()))
			.withMessageContaining(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
	}

	static int size(ProducerRecord<byte[], byte[]> record) {
		return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
				record.key(), record.value(), record.headers().toArray());
	}

	static String header(ProducerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static byte[] filled(int size) {
		byte[] bytes = new byte[size];
		Arrays.fill(bytes, (byte) 'x');
		return bytes;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
