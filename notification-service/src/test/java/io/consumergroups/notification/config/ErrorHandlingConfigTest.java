package io.consumergroups.notification.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.consumergroups.events.DeadLetterPublisher;
import io.consumergroups.events.DeadLetters;
import io.consumergroups.events.Topics;
import io.consumergroups.notification.NotificationTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.DeserializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * The dead-letter publisher of both listeners, on one malformed record that is as large
 * as Kafka allows: it goes to the group's DLT, in a dead letter that fits the topic.
 */
class ErrorHandlingConfigTest {

	@SuppressWarnings("unchecked")
	private final KafkaTemplate<Object, Object> template = mock(KafkaTemplate.class);

	@Test
	void shouldDeadLetterAnOversizedMalformedRecordAtOnceInARecordThatFitsTheTopic() {
		// Given a record of orders-4 with a 900 KB key, 1 MB of headers and a value that
		// failed deserialization, its message quoting the value
		given(this.template.send(any(ProducerRecord.class)))
			.willAnswer((invocation) -> sent(invocation.getArgument(0)));
		DeadLetterPublisher publisher = new ErrorHandlingConfig().deadLetterPublisher(this.template);
		byte[] value = ("{\"orderId\":\"" + "x".repeat(500_000) + "\"}").getBytes(StandardCharsets.UTF_8);
		RecordHeaders headers = new RecordHeaders();
		for (int i = 0; i < 16; i++) {
			headers.add("padding-" + i, new byte[62_500]);
		}
		ConsumerRecord<Object, Object> record = new ConsumerRecord<>(Topics.ORDERS, 4, 17, 0L,
				TimestampType.CREATE_TIME, 900_000, value.length, "c".repeat(900_000), null, headers, Optional.empty());
		var failure = new ListenerExecutionFailedException("Listener failed", "notification-service",
				new DeserializationException("failed to deserialize: " + new String(value, StandardCharsets.UTF_8),
						value, false, new IllegalStateException("orderId: must be 1 to 64 characters")));

		MockConsumer<Object, Object> consumer = new MockConsumer<>("earliest");
		consumer.updatePartitions(NotificationTopics.DEAD_LETTERS, IntStream.range(0, 6)
			.mapToObj((partition) -> new PartitionInfo(NotificationTopics.DEAD_LETTERS, partition, null, null, null))
			.toList());

		// When the listener dead-letters it
		publisher.accept(record, consumer, failure);

		// Then its dead letter, sent once, is below Kafka's 1 MB
		// limits, on the same partition number, with its origin and root cause
		ArgumentCaptor<ProducerRecord<Object, Object>> captor = ArgumentCaptor.captor();
		then(this.template).should().send(captor.capture());
		ProducerRecord<Object, Object> deadLetter = captor.getValue();
		assertThat(deadLetter.topic()).isEqualTo(NotificationTopics.DEAD_LETTERS);
		assertThat(deadLetter.partition()).isEqualTo(4);
		assertThat(sizeOf(deadLetter)).isLessThan(1_000_000);
		assertThat(ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong())
			.isEqualTo(17);
		assertThat(new String(deadLetter.headers().lastHeader(DeadLetters.ROOT_CAUSE_HEADER).value(),
				StandardCharsets.UTF_8))
			.contains("orderId: must be 1 to 64 characters");
	}

	private static CompletableFuture<SendResult<Object, Object>> sent(ProducerRecord<Object, Object> record) {
		RecordMetadata metadata = new RecordMetadata(new TopicPartition(record.topic(), 0), 0, 0, 0, 0, 0);
		return CompletableFuture.completedFuture(new SendResult<>(record, metadata));
	}

	private static int sizeOf(ProducerRecord<Object, Object> record) {
		int key = (record.key() instanceof String text) ? text.getBytes(StandardCharsets.UTF_8).length : 0;
		int value = (record.value() instanceof byte[] bytes) ? bytes.length : 0;
		return key + value
				+ Arrays.stream(record.headers().toArray())
					.mapToInt((header) -> header.key().length() + header.value().length)
					.sum();
	}

}
