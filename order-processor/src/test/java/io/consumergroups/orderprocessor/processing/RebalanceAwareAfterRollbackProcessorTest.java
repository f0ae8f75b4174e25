package io.consumergroups.orderprocessor.processing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

class RebalanceAwareAfterRollbackProcessorTest {

	private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

	private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

	private final AtomicInteger backOffs = new AtomicInteger();

	/** Counts each back-off it is asked for, and asks for none (0 ms). */
	private final BackOff countingBackOff = () -> () -> {
		this.backOffs.incrementAndGet();
		return 0;
	};

	private final AtomicInteger fencedBackOffs = new AtomicInteger();

	/** The same, for polls fenced again at the same generation. */
	private final BackOff countingFencedBackOff = () -> () -> {
		this.fencedBackOffs.incrementAndGet();
		return 0;
	};

	private final RebalanceAwareAfterRollbackProcessor<String, String> processor = new RebalanceAwareAfterRollbackProcessor<>(
			this.countingBackOff, this.countingFencedBackOff);

	private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");

	private final List<ConsumerRecord<String, String>> poll = List.of(record(ORDERS_0, 10), record(ORDERS_0, 11),
			record(ORDERS_1, 7));

	@BeforeEach
	void positionsAfterThePoll() {
		this.consumer.assign(List.of(ORDERS_0, ORDERS_1));
		this.consumer.updateBeginningOffsets(Map.of(ORDERS_0, 0L, ORDERS_1, 0L));
		this.consumer.seek(ORDERS_0, 12);
		this.consumer.seek(ORDERS_1, 8);
	}

	@Test
	void shouldPollTheRecordsAgainAtOnceWhenARebalanceFencedTheOffsets() {
		int backOffs = rollBack(new CommitFailedException("Specified group generation id is not valid"));

		assertThat(this.consumer.position(ORDERS_0)).isEqualTo(10);
		assertThat(this.consumer.position(ORDERS_1)).isEqualTo(7);
		assertThat(backOffs).isZero();
		assertThat(this.fencedBackOffs).hasValue(0);
	}

	@Test
	void shouldBackOffWhenTheSameGenerationIsFencedAgain() {
		CommitFailedException fenced = new CommitFailedException("Specified group generation id is not valid");
		rollBack(fenced);
		int backOffs = rollBack(fenced);
		rollBack(fenced);

		assertThat(this.consumer.position(ORDERS_0)).isEqualTo(10);
		assertThat(this.consumer.position(ORDERS_1)).isEqualTo(7);
		assertThat(backOffs).isZero();
		assertThat(this.fencedBackOffs).hasValue(2);
	}

	@Test
	void shouldPollAgainAtOnceWhenANewGenerationIsFenced() {
		BackOff tenMillis = () -> () -> 10;
		var processor = new RebalanceAwareAfterRollbackProcessor<String, String>(this.countingBackOff, tenMillis);

		assertThat(processor.waitBeforeRetry(4)).isZero();
		assertThat(processor.waitBeforeRetry(4)).isEqualTo(10);
		assertThat(processor.waitBeforeRetry(4)).isEqualTo(10);
		assertThat(processor.waitBeforeRetry(6)).isZero();
		assertThat(processor.waitBeforeRetry(6)).isEqualTo(10);
	}

	@Test
	void shouldForgetTheLastFencingWhenTheConsumerThreadEnds() {
		BackOff tenMillis = () -> () -> 10;
		var processor = new RebalanceAwareAfterRollbackProcessor<String, String>(this.countingBackOff, tenMillis);
		processor.waitBeforeRetry(4);

		processor.clearThreadState();

		assertThat(processor.waitBeforeRetry(4)).isZero();
	}

	@Test
	void shouldPollTheRecordsAgainAfterABackOffWhenAnythingElseFailed() {
		int backOffs = rollBack(new KafkaException("broker away"));

		assertThat(this.consumer.position(ORDERS_0)).isEqualTo(10);
		assertThat(this.consumer.position(ORDERS_1)).isEqualTo(7);
		assertThat(backOffs).isEqualTo(1);
		assertThat(this.fencedBackOffs).hasValue(0);
	}

	@Test
	void shouldFindARebalanceAmongTheCauses() {
		assertThat(RebalanceAwareAfterRollbackProcessor
			.fencedByRebalance(new KafkaException("commit failed", new CommitFailedException()))).isTrue();
		assertThat(RebalanceAwareAfterRollbackProcessor.fencedByRebalance(new IllegalStateException())).isFalse();
	}

	/**
	 * Roll back the poll.
	 * @param exception why
	 * @return how many back-offs the processor asked for
	 */
	private int rollBack(Exception exception) {
		int before = this.backOffs.get();
		this.processor.processBatch(new ConsumerRecords<>(Map.of(), Map.of()), this.poll, this.consumer, null,
				exception, false, EOSMode.V2);
		return this.backOffs.get() - before;
	}

	private static ConsumerRecord<String, String> record(TopicPartition partition, long offset) {
		return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "customer-1", "{}");
	}

}
