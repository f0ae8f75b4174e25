package io.consumergroups.archive.archiving;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static io.consumergroups.archive.archiving.ObjectContentTest.order;
import static org.assertj.core.api.Assertions.assertThat;

class PartitionBatchTest {

	private static final TopicPartition ORDERS_3 = new TopicPartition("orders", 3);

	private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

	private static final Duration MAX_AGE = Duration.ofSeconds(30);

	private final PartitionBatch batch = new PartitionBatch(ORDERS_3, 41);

	@Test
	void shouldCoverTheOffsetsFromItsFirstToItsLastRecord() {
		// When
		this.batch.add(41, order(1), T0);
		this.batch.add(42, order(2), T0);
		this.batch.add(45, order(3), T0);

		// Then
		assertThat(this.batch.key()).isEqualTo(ObjectKey.of(ORDERS_3, 41, 45));
		assertThat(this.batch.orders()).containsExactly(order(1), order(2), order(3));
		assertThat(this.batch.nextOffset()).isEqualTo(46);
	}

	@Test
	void shouldTakeARecordDeliveredAgainOnlyOnce() {
		// Given
		this.batch.add(41, order(1), T0);
		this.batch.add(42, order(2), T0);

		// When: the same records, as a batch retry delivers them
		boolean first = this.batch.add(41, order(1), T0);
		boolean second = this.batch.add(42, order(2), T0);
		boolean before = this.batch.add(40, order(0), T0);

		// Then
		assertThat(first || second || before).isFalse();
		assertThat(this.batch.orders()).containsExactly(order(1), order(2));
	}

	@Test
	void shouldBeReadyWhenFull() {
		this.batch.add(41, order(1), T0);
		assertThat(this.batch.isReady(2, MAX_AGE, T0)).isFalse();

		this.batch.add(42, order(2), T0);
		assertThat(this.batch.isReady(2, MAX_AGE, T0)).isTrue();
	}

	@Test
	void shouldBeReadyWhenItsFirstRecordHasWaitedMaxAge() {
		// Given
		this.batch.add(41, order(1), T0);
		this.batch.add(42, order(2), T0.plusSeconds(20));

		// When / Then: the age counts from the first record
		assertThat(this.batch.isReady(500, MAX_AGE, T0.plusSeconds(29))).isFalse();
		assertThat(this.batch.isReady(500, MAX_AGE, T0.plusSeconds(30))).isTrue();
	}

	@Test
	void shouldNeverBeReadyEmpty() {
		assertThat(this.batch.isReady(1, Duration.ZERO, T0.plusSeconds(3600))).isFalse();
	}

	@Test
	void shouldCoverMalformedRecordsWithoutHoldingThem() {
		// When
		this.batch.skip(41, T0);
		this.batch.add(42, order(2), T0);
		this.batch.skip(43, T0);

		// Then: committing after the object moves past them too
		assertThat(this.batch.key()).isEqualTo(ObjectKey.of(ORDERS_3, 41, 43));
		assertThat(this.batch.orders()).containsExactly(order(2));
		assertThat(this.batch.nextOffset()).isEqualTo(44);
	}

	@Test
	void shouldStartTheNextBatchAfterTheLastOneWhenCleared() {
		// Given
		this.batch.add(41, order(1), T0);
		this.batch.add(42, order(2), T0);

		// When
		this.batch.clear();

		// Then
		assertThat(this.batch.isEmpty()).isTrue();
		assertThat(this.batch.add(42, order(2), T0)).isFalse();
		assertThat(this.batch.add(43, order(3), T0.plusSeconds(5))).isTrue();
		assertThat(this.batch.key()).isEqualTo(ObjectKey.of(ORDERS_3, 43, 43));
		assertThat(this.batch.isReady(500, MAX_AGE, T0.plusSeconds(34))).isFalse();
	}

	@Test
	void shouldResumeAfterAnObjectWrittenButNotCommitted() {
		// When: the bucket holds offsets 41 to 99 although 41 is committed
		boolean resumed = this.batch.resumeAfter(Optional.of(99L));

		// Then
		assertThat(resumed).isTrue();
		assertThat(this.batch.nextOffset()).isEqualTo(100);
		assertThat(this.batch.add(99, order(99), T0)).isFalse();
		assertThat(this.batch.add(100, order(100), T0)).isTrue();
		assertThat(this.batch.key().firstOffset()).isEqualTo(100);
	}

	@Test
	void shouldStartAtTheCommittedOffsetWhenTheBucketHoldsNothingPastIt() {
		assertThat(this.batch.resumeAfter(Optional.empty())).isFalse();
		assertThat(this.batch.checkedBucket()).isTrue();
		assertThat(this.batch.nextOffset()).isEqualTo(41);
	}

}
