package io.consumergroups.archive.archiving;

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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

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

	private final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T12:00:00Z"));

	private final ArchiveBucket bucket = mock(ArchiveBucket.class);

	/**
	 * What the bucket holds, key to the committed offset of the partition when written.
	 */
	private final Map<ObjectKey, Long> written = new LinkedHashMap<>();

	private final MockConsumer<String, Order> consumer = new MockConsumer<>("earliest");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final OrderArchiver archiver = new OrderArchiver(this.bucket, new ArchivedObjects(),
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
	void shouldSkipMalformedRecordsAndCommitPastThem() {
		// Given
		List<ConsumerRecord<String, Order>> records = new ArrayList<>(poll(0, 2));
		records.add(new ConsumerRecord<>("orders", 3, 2, "customer-1", null));
		this.consumer.seek(ORDERS_3, 3);

		// When
		this.archiver.archive(records, this.consumer);
		this.clock.advance(Duration.ofSeconds(30));
		this.archiver.writeReady(this.consumer);

		// Then
		assertThat(this.written).containsOnlyKeys(ObjectKey.of(ORDERS_3, 0, 2));
		assertThat(committed()).isEqualTo(3);
		assertThat(this.meters.counter("archive.orders.skipped", "reason", "malformed").count()).isEqualTo(1);
	}

	@Test
	void shouldCommitABatchOfMalformedRecordsWithoutWritingAnObject() {
		// Given
		this.consumer.seek(ORDERS_3, 2);
		List<ConsumerRecord<String, Order>> records = List.of(new ConsumerRecord<>("orders", 3, 0, "x", null),
				new ConsumerRecord<>("orders", 3, 1, "y", null));

		// When
		this.archiver.archive(records, this.consumer);
		this.clock.advance(Duration.ofSeconds(30));
		this.archiver.writeReady(this.consumer);

		// Then
		assertThat(this.written).isEmpty();
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
			this.consumer.addRecord(new ConsumerRecord<>("orders", 3, offset, "customer-" + offset, order(offset)));
		}
		List<ConsumerRecord<String, Order>> records = new ArrayList<>();
		this.consumer.poll(Duration.ZERO).forEach(records::add);
		return records;
	}

	private long committed() {
		OffsetAndMetadata committed = this.consumer.committed(Set.of(ORDERS_3)).get(ORDERS_3);
		return (committed != null) ? committed.offset() : -1;
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
