package io.consumergroups.notification.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.consumergroups.events.Topics;
import io.consumergroups.notification.NotificationTopics;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A malformed record is dead-lettered, and its offset committed, in one transaction; when
 * that transaction fails (a rebalance fenced its offsets) the consumer is put back on the
 * record, so that the next transaction on the partition cannot commit past a record that
 * has no dead letter.
 */
class DeadLetteringAfterRollbackProcessorTest {

	private static final TopicPartition ORDERS_3 = new TopicPartition(Topics.ORDERS, 3);

	/** Each transaction's producer: Spring closes one whose transaction failed. */
	private final List<MockProducer<Object, Object>> producers = new ArrayList<>();

	/** What the next producer's commit throws, if anything. */
	private RuntimeException commitFailure;

	private final MockConsumer<Object, Object> consumer = new MockConsumer<>("earliest");

	private AfterRollbackProcessor<Object, Object> processor;

	private final List<ConsumerRecord<Object, Object>> unprocessed = List.of(record(11, "{not json"),
			record(12, "{\"orderId\":\"order-12\"}"));

	private final ListenerExecutionFailedException failure = new ListenerExecutionFailedException("Listener failed",
			"notification-service",
			new DeserializationException("not an order", "{not json".getBytes(StandardCharsets.UTF_8), false,
					new IllegalStateException("Unexpected character")));

	@BeforeEach
	void setUp() {
		KafkaTemplate<Object, Object> template = new KafkaTemplate<>(
				new MockProducerFactory<>((transactional, id) -> newProducer(), "notification-service-1-tx-"));
		this.processor = new ErrorHandlingConfig().deadLetteringAfterRollbackProcessor(template);
		// The DLT, with as many partitions as orders
		this.consumer.updatePartitions(NotificationTopics.DEAD_LETTERS, IntStream.range(0, 6)
			.mapToObj((partition) -> new PartitionInfo(NotificationTopics.DEAD_LETTERS, partition, null, null, null))
			.toList());
		this.consumer.assign(List.of(ORDERS_3));
		this.consumer.updateBeginningOffsets(Map.of(ORDERS_3, 0L));
		this.consumer.seek(ORDERS_3, 13);
	}

	@Test
	void shouldDeadLetterTheRecordAndCommitPastItInOneTransaction() {
		// When the listener's transaction has been rolled back for a malformed record
		process();

		// Then its dead letter and the offset after it are committed together, and the
		// consumer goes on with the next record
		assertThat(this.producers).singleElement().satisfies(DeadLetteringAfterRollbackProcessorTest::committed11);
		assertThat(this.consumer.position(ORDERS_3)).isEqualTo(12);
	}

	@Test
	void shouldDeliverTheRecordAgainWhenTheTransactionThatDeadLettersItFails() {
		// Given a rebalance that fences the transaction's offsets
		this.commitFailure = new CommitFailedException("fenced by a rebalance");

		// When the listener's transaction has been rolled back for a malformed record
		process();

		// Then nothing was committed, and the consumer is back on that record, not past
		// it
		assertThat(this.producers).singleElement()
			.satisfies((producer) -> assertThat(producer.transactionCommitted()).isFalse());
		assertThat(this.consumer.position(ORDERS_3)).isEqualTo(11);

		// And delivered again, it is dead-lettered again, and committed this time
		this.commitFailure = null;
		process();
		assertThat(this.producers).hasSize(2).last().satisfies(DeadLetteringAfterRollbackProcessorTest::committed11);
		assertThat(this.consumer.position(ORDERS_3)).isEqualTo(12);
	}

	private void process() {
		MessageListenerContainer container = mock(MessageListenerContainer.class);
		given(container.getContainerProperties()).willReturn(new ContainerProperties(Topics.ORDERS));
		this.processor.process(this.unprocessed, this.consumer, container, this.failure, true, EOSMode.V2);
	}

	/** A transaction that committed the dead letter of orders-3@11 and offset 12. */
	private static void committed11(MockProducer<Object, Object> producer) {
		assertThat(producer.transactionCommitted()).isTrue();
		assertThat(producer.history()).singleElement()
			.satisfies(DeadLetteringAfterRollbackProcessorTest::isDeadLetterOf11);
		assertThat(producer.consumerGroupOffsetsHistory()).singleElement()
			.satisfies((offsets) -> assertThat(offsets.values())
				.containsExactly(Map.of(ORDERS_3, new OffsetAndMetadata(12))));
	}

	private static void isDeadLetterOf11(ProducerRecord<Object, Object> deadLetter) {
		assertThat(deadLetter.topic()).isEqualTo(NotificationTopics.DEAD_LETTERS);
		assertThat(deadLetter.partition()).isEqualTo(3);
		assertThat(ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong())
			.isEqualTo(11);
	}

	private static ConsumerRecord<Object, Object> record(long offset, String value) {
		return new ConsumerRecord<>(Topics.ORDERS, 3, offset, "customer-1", value.getBytes(StandardCharsets.UTF_8));
	}

	private MockProducer<Object, Object> newProducer() {
		MockProducer<Object, Object> producer = new MockProducer<>(true, null, bytes(), bytes());
		producer.initTransactions();
		producer.commitTransactionException = this.commitFailure;
		this.producers.add(producer);
		return producer;
	}

	private static Serializer<Object> bytes() {
		return (topic, data) -> (data instanceof byte[] raw) ? raw
				: (data != null) ? data.toString().getBytes(StandardCharsets.UTF_8) : null;
	}

}
