package io.consumergroups.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class DeadLetterPublisherTest {

	private static final TopicPartition DLT = new TopicPartition(Topics.ORDERS_DLT, 5);

	private final DeadLetterPublisher publisher = new DeadLetterPublisher(mock(KafkaOperations.class),
			(record, exception) -> DLT);

	@Property(tries = 50)
	void shouldKeepEveryDeadLetterUnderOneMegabyteWithItsCauseAndOrigin(
			@ForAll @IntRange(min = 0, max = 1_048_576) int keySize,
			@ForAll @IntRange(min = 0, max = 1_048_576) int valueSize,
			@ForAll @IntRange(min = 0, max = 2_000) int headerCount,
			@ForAll @IntRange(min = 0, max = 1_048_576) int headerSize) {
		// Given a record of any size, with any headers, and a failure quoting its key
		String key = "k".repeat(keySize);
		RecordHeaders original = new RecordHeaders();
		for (int i = 0; i < headerCount; i++) {
			original.add("h" + i, new byte[Math.min(headerSize, 1_048_576 / Math.max(1, headerCount))]);
		}
		ConsumerRecord<String, Object> record = new ConsumerRecord<>(Topics.ORDERS, 5, 41, 0L,
				TimestampType.CREATE_TIME, keySize, valueSize, key, null, original, Optional.empty());
		RecordHeaders headers = new RecordHeaders(original.toArray());
		headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, Topics.ORDERS.getBytes(StandardCharsets.UTF_8));
		headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, new byte[] { 0, 0, 0, 5 });
		headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, ("customerId: rejected value [" + key + "]").getBytes());
		headers.add(KafkaHeaders.DLT_EXCEPTION_STACKTRACE, ("at " + key).repeat(2).getBytes());

		// When its dead letter is made
		ProducerRecord<Object, Object> deadLetter = this.publisher.createProducerRecord(record, DLT, headers, null,
				new byte[valueSize]);

		// Then it fits Kafka's default limits, and still names its cause and origin
		assertThat(sizeOf(deadLetter)).isLessThan(1_000_000);
		assertThat(deadLetter.partition()).isEqualTo(5);
		assertThat(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC).value())
			.isEqualTo(Topics.ORDERS.getBytes(StandardCharsets.UTF_8));
		assertThat(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value())
			.isEqualTo(new byte[] { 0, 0, 0, 5 });
		assertThat(new String(deadLetter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(),
				StandardCharsets.UTF_8))
			.startsWith("customerId: rejected value");
		boolean cut = keySize > DeadLetterPublisher.MAX_KEY_BYTES || valueSize > DeadLetterPublisher.MAX_VALUE_BYTES;
		if (cut) {
			assertThat(deadLetter.headers().lastHeader(DeadLetterPublisher.TRUNCATED_HEADER)).isNotNull();
		}
	}

	@Test
	void shouldLeaveASmallDeadLetterAsItWas() {
		// Given a small malformed record
		byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);
		ConsumerRecord<String, Object> record = new ConsumerRecord<>(Topics.ORDERS, 5, 41, "customer-1", null);
		RecordHeaders headers = new RecordHeaders();
		headers.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
		headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "failed to deserialize".getBytes(StandardCharsets.UTF_8));

		// When its dead letter is made
		ProducerRecord<Object, Object> deadLetter = this.publisher.createProducerRecord(record, DLT, headers, null,
				value);

		// Then nothing is cut
		assertThat(deadLetter.key()).isEqualTo("customer-1");
		assertThat(deadLetter.value()).isEqualTo(value);
		assertThat(deadLetter.headers().toArray()).extracting(Header::key)
			.containsExactlyInAnyOrder(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "trace-id");
	}

	private static int sizeOf(ProducerRecord<Object, Object> record) {
		int size = 0;
		if (record.key() instanceof String key) {
			size += key.getBytes(StandardCharsets.UTF_8).length;
		}
		if (record.value() instanceof byte[] value) {
			size += value.length;
		}
		return size + Arrays.stream(record.headers().toArray())
			.mapToInt((header) -> header.key().length() + header.value().length)
			.sum();
	}

}
