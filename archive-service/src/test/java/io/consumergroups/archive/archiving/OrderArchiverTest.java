package io.consumergroups.archive.archiving;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.consumergroups.archive.config.ArchiveProperties;
import io.consumergroups.archive.objects.ArchivedObjects;
import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static io.consumergroups.archive.archiving.ObjectContentTest.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

class OrderArchiverTest {

	private static final TopicPartition ORDERS_3 = new TopicPartition("orders", 3);

	private static final SpringValidatorAdapter validator = new SpringValidatorAdapter(
			Validation.buildDefaultValidatorFactory().getValidator());

	private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T12:00:00Z"));

	private final ArchiveBucket bucket = mock(ArchiveBucket.class);

	/**
	 * What the bucket holds, key to the committed offset of the partition when written.
	 */
	private final Map<ObjectKey, Long> written = new LinkedHashMap<>();

	private final MockConsumer<String, Order> consumer = new MockConsumer<>("earliest");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** Every dead letter sent, with the partition's committed offset at that moment. */
	private final List<DeadLetter> deadLetters = new ArrayList<>();

	/** How many dead letters are still to fail, as when the DLT is unreachable. */
	private int deadLettersToFail;

	private final OrderArchiver archiver = new OrderArchiver(this.bucket, new ArchivedObjects(), this::deadLetter,
			new ArchiveProperties("orders-archive", new ArchiveProperties.Batch(3, Duration.ofSeconds(30)),
					new ArchiveProperties.S3(null, "us-east-1", true, null, null, false), Duration.ZERO),
			this.clock, this.meters);

	@BeforeEach
	void assignPartition() {
		willAnswer((invocation) -> this.written.put(invocation.getArgument(0), committed())).given(this.bucket)
			.put(any(), any(), anyInt());
		this.consumer.assign(List.of(ORDERS_3));
		this.consumer.updateBeginningOffsets(Map.of(ORDERS_3, 0L));
		this.archiver.start(this.consumer, List.of(ORDERS_3));
	}

	@Test
	void shouldWriteAFullBatchAndOnlyThenCommitAfterIt() {
		// When
		this.archiver.archive(poll(0, 5), this.consumer);

		// Then
		assertThat(this.written).containsExactly(Map.entry(ObjectKey.of(ORDERS_3, 0, 2), -1L));
		assertThat(committed()).isEqualTo(3);
		assertThat(this.meters.counter("archive.orders.archived").count()).isEqualTo(3);
	}

	@Test
	void shouldWriteABatchOnceItsFirstOrderHasWaitedMaxAge() {
		// Given
		this.archiver.archive(poll(0, 2), this.consumer);
		this.clock.advance(Duration.ofSeconds(29));
		this.archiver.writeReady(this.consumer);
		assertThat(this.written).isEmpty();

		// When
		this.clock.advance(Duration.ofSeconds(1));
		this.archiver.writeReady(this.consumer);

		// Then
		assertThat(this.written).containsOnlyKeys(ObjectKey.of(ORDERS_3, 0, 1));
		assertThat(committed()).isEqualTo(2);
	}

	@Test
	void shouldResumeAfterAnObjectThatWasWrittenButNotCommitted() {
		// Given: a replica wrote offsets 0 to 4, then crashed before committing
		given(this.bucket.lastOffsetArchivedFrom(ORDERS_3, 0)).willReturn(Optional.of(4L));

		// When: the records are read again from the committed offset
		this.archiver.archive(poll(0, 8), this.consumer);

		// Then: none of them goes into a second object
		assertThat(this.written).containsOnlyKeys(ObjectKey.of(ORDERS_3, 5, 7));
		assertThat(committed()).isEqualTo(8);
		assertThat(this.meters.counter("archive.partitions.resumed").count()).isEqualTo(1);
	}

	@Test
	void shouldKeepABatchWhoseWriteFailedAndTakeTheRecordsDeliveredAgainOnce() {
		// Given: the bucket is unreachable once
		List<ConsumerRecord<String, Order>> records = poll(0, 3);
		willAnswer((invocation) -> {
			throw SdkClientException.create("connection refused");
		}).willAnswer((invocation) -> this.written.put(invocation.getArgument(0), committed()))
			.given(this.bucket)
			.put(any(), any(), anyInt());
		assertThatExceptionOfType(SdkClientException.class)
			.isThrownBy(() -> this.archiver.archive(records, this.consumer));
		assertThat(committed()).isEqualTo(-1);

		// When: the error handler delivers the same records again
		this.archiver.archive(records, this.consumer);

		// Then
		assertThat(this.written).containsOnlyKeys(ObjectKey.of(ORDERS_3, 0, 2));
		assertThat(committed()).isEqualTo(3);
	}

	@Test
	void shouldWriteAndCommitTheBatchOfARevokedPartition() {
		// Given
		this.archiver.archive(poll(0, 2), this.consumer);

		// When
		this.archiver.handOver(this.consumer, List.of(ORDERS_3));

		// Then
		assertThat(this.written).containsOnlyKeys(ObjectKey.of(ORDERS_3, 0, 1));
		assertThat(committed()).isEqualTo(2);
	}

	@Test
	void shouldWriteNothingForALostPartition() {
		// Given
		this.archiver.archive(poll(0, 2), this.consumer);

		// When
		this.archiver.drop(List.of(ORDERS_3));
		this.clock.advance(Duration.ofMinutes(5));
		this.archiver.writeReady(this.consumer);

		// Then
		assertThat(this.written).isEmpty();
		assertThat(committed()).isEqualTo(-1);
	}

	@Test
	void shouldIgnoreRecordsFetchedBeforeThePartitionWasRevokedAndAssignedBack() {
		// Given: a batch retry is under way when the partition is revoked, the write
		// failing, and assigned back
		List<ConsumerRecord<String, Order>> fetchedBefore = poll(0, 2);
		this.archiver.archive(fetchedBefore, this.consumer);
		willAnswer((invocation) -> {
			throw SdkClientException.create("connection refused");
		}).willAnswer((invocation) -> this.written.put(invocation.getArgument(0), committed()))
			.given(this.bucket)
			.put(any(), any(), anyInt());
		this.archiver.handOver(this.consumer, List.of(ORDERS_3));
		this.consumer.seek(ORDERS_3, 0);
		this.archiver.start(this.consumer, List.of(ORDERS_3));

		// When: the retry delivers the records fetched before, then the consumer reads
		// from the committed offset
		this.archiver.archive(fetchedBefore, this.consumer);
		this.archiver.archive(poll(0, 3), this.consumer);

		// Then
		assertThat(this.written).containsOnlyKeys(ObjectKey.of(ORDERS_3, 0, 2));
	}

	@Test
	void shouldDeadLetterEachMalformedRecordWithItsCauseBeforeCommittingPastIt() {
		// Given an order, then a value that is not JSON, a tombstone, an order without
		// key, an order under another customer's key, then an order
		List<ConsumerRecord<String, Order>> records = List.of(record(0, order(0).customerId(), order(0)),
				malformed(1, "{not json"), record(2, "customer-1", null), record(3, null, order(3)),
				record(4, "customer-x".repeat(90_000), order(4)), record(5, order(5).customerId(), order(5)));
		this.consumer.seek(ORDERS_3, 6);

		// When the batch is written by age
		this.archiver.archive(records, this.consumer);
		this.clock.advance(Duration.ofSeconds(30));
		this.archiver.writeReady(this.consumer);

		// Then each malformed record was dead-lettered once, with its cause, while the
		// committed offset was still before it; the object covers them, the commit
		// moves past them
		assertThat(this.deadLetters).extracting(DeadLetter::offset).containsExactly(1L, 2L, 3L, 4L);
		assertThat(this.deadLetters).allSatisfy((deadLetter) -> assertThat(deadLetter.committed()).isLessThan(0));
		assertThat(this.deadLetters)
			.map((deadLetter) -> NestedExceptionUtils.getMostSpecificCause(deadLetter.cause()).getMessage())
			.satisfiesExactly((notJson) -> assertThat(notJson).startsWith("Unexpected character"),
					(tombstone) -> assertThat(tombstone).contains("no value"),
					(noKey) -> assertThat(noKey).contains("no key"),
					(otherKey) -> assertThat(otherKey).startsWith("record key customer-xcustomer-x"));
		assertThat(this.deadLetters).allSatisfy((deadLetter) -> assertThat(deadLetter.cause()).isInstanceOfSatisfying(
				ListenerExecutionFailedException.class,
				(failure) -> assertThat(failure.getGroupId()).isEqualTo(this.consumer.groupMetadata().groupId())));
		assertThat(this.deadLetters.get(3).cause().getCause().getMessage()).hasSizeLessThan(200);
		assertThat(this.written).containsOnlyKeys(ObjectKey.of(ORDERS_3, 0, 5));
		assertThat(committed()).isEqualTo(6);
		assertThat(this.meters.counter("archive.orders.dead-lettered").count()).isEqualTo(4);
	}

	@Test
	void shouldNotTakeARecordWhoseDeadLetterFailedAndSendItWhenTheBatchIsDeliveredAgain() {
		// Given the DLT is unreachable once
		this.deadLettersToFail = 1;
		List<ConsumerRecord<String, Order>> records = List.of(record(0, order(0).customerId(), order(0)),
				record(1, "customer-1", null), record(2, order(2).customerId(), order(2)));
		this.consumer.seek(ORDERS_3, 3);
		assertThatExceptionOfType(KafkaException.class).isThrownBy(() -> this.archiver.archive(records, this.consumer));
		this.clock.advance(Duration.ofSeconds(30));
		this.archiver.writeReady(this.consumer);
		// the object holds what came before the record, and the commit stops there
		assertThat(committed()).isEqualTo(1);
		assertThat(this.deadLetters).isEmpty();

		// When the error handler delivers the batch again
		this.archiver.archive(records, this.consumer);
		this.clock.advance(Duration.ofSeconds(30));
		this.archiver.writeReady(this.consumer);

		// Then the dead letter is sent once, and only then is the offset past it
		// committed
		assertThat(this.deadLetters).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.offset()).isEqualTo(1);
			assertThat(deadLetter.committed()).isEqualTo(1);
		});
		assertThat(this.written).containsOnlyKeys(ObjectKey.of(ORDERS_3, 0, 0), ObjectKey.of(ORDERS_3, 1, 2));
		assertThat(committed()).isEqualTo(3);
	}

	@Test
	void shouldDeadLetterARecordOnceWhenItsBatchIsDeliveredAgainAfterAFailedWrite() {
		// Given a batch with a malformed record whose object cannot be written once
		List<ConsumerRecord<String, Order>> records = new ArrayList<>(poll(0, 2));
		records.add(record(2, null, order(2)));
		records.addAll(poll(3, 4));
		this.consumer.seek(ORDERS_3, 4);
		willAnswer((invocation) -> {
			throw SdkClientException.create("connection refused");
		}).willAnswer((invocation) -> this.written.put(invocation.getArgument(0), committed()))
			.given(this.bucket)
			.put(any(), any(), anyInt());
		assertThatExceptionOfType(SdkClientException.class)
			.isThrownBy(() -> this.archiver.archive(records, this.consumer));

		// When the error handler delivers it again
		this.archiver.archive(records, this.consumer);

		// Then
		assertThat(this.deadLetters).extracting(DeadLetter::offset).containsExactly(2L);
		assertThat(this.written).containsOnlyKeys(ObjectKey.of(ORDERS_3, 0, 3));
		assertThat(committed()).isEqualTo(4);
	}

	@Test
	void shouldCommitABatchOfMalformedRecordsWithoutWritingAnObject() {
		// Given
		this.consumer.seek(ORDERS_3, 2);
		List<ConsumerRecord<String, Order>> records = List.of(record(0, "x", null), malformed(1, "[]"));

		// When
		this.archiver.archive(records, this.consumer);
		this.clock.advance(Duration.ofSeconds(30));
		this.archiver.writeReady(this.consumer);

		// Then
		assertThat(this.written).isEmpty();
		assertThat(this.deadLetters).extracting(DeadLetter::offset).containsExactly(0L, 1L);
		assertThat(committed()).isEqualTo(2);
	}

	@Test
	void shouldAskTheBucketOncePerAssignmentFromTheCommittedOffset() {
		// Given
		this.consumer.commitSync(Map.of(ORDERS_3, new OffsetAndMetadata(41)));
		this.consumer.seek(ORDERS_3, 41);
		this.archiver.start(this.consumer, List.of(ORDERS_3));

		// When
		this.archiver.archive(poll(41, 42), this.consumer);
		this.archiver.archive(poll(42, 43), this.consumer);

		// Then
		then(this.bucket).should(times(1)).lastOffsetArchivedFrom(ORDERS_3, 41);
	}

	private List<ConsumerRecord<String, Order>> poll(int from, int to) {
		for (int offset = from; offset < to; offset++) {
			this.consumer.addRecord(record(offset, order(offset).customerId(), order(offset)));
		}
		List<ConsumerRecord<String, Order>> records = new ArrayList<>();
		this.consumer.poll(Duration.ZERO).forEach(records::add);
		return records;
	}

	private static ConsumerRecord<String, Order> record(long offset, String key, Order order) {
		return new ConsumerRecord<>("orders", 3, offset, key, order);
	}

	/**
	 * A record as the consumer delivers one whose value could not be read as an order.
	 */
	private static ConsumerRecord<String, Order> malformed(long offset, String value) {
		RecordHeaders headers = new RecordHeaders();
		try (ErrorHandlingDeserializer<Order> deserializer = Topics.validatingOrderDeserializer(validator)) {
			assertThat(deserializer.deserialize("orders", headers, value.getBytes(StandardCharsets.UTF_8))).isNull();
		}
		return new ConsumerRecord<>("orders", 3, offset, 0L, TimestampType.CREATE_TIME, 10, value.length(),
				"customer-1", null, headers, Optional.empty());
	}

	private void deadLetter(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception cause) {
		if (this.deadLettersToFail > 0) {
			this.deadLettersToFail--;
			throw new KafkaException("Dead-letter publication to archive-service.DLT failed");
		}
		this.deadLetters.add(new DeadLetter(record.offset(), cause, committed()));
	}

	private long committed() {
		OffsetAndMetadata committed = this.consumer.committed(Set.of(ORDERS_3)).get(ORDERS_3);
		return (committed != null) ? committed.offset() : -1;
	}

	/**
	 * A dead letter sent.
	 *
	 * @param offset the record's offset
	 * @param cause why it is malformed
	 * @param committed the partition's committed offset when it was sent, -1 for none
	 */
	private record DeadLetter(long offset, Exception cause, long committed) {

	}

	private static final class SettableClock extends Clock {

		private Instant now;

		SettableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
