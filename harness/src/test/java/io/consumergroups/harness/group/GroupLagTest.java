package io.consumergroups.harness.group;

import java.util.Map;
import java.util.OptionalLong;

import io.consumergroups.harness.group.GroupLag.PartitionLag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupLagTest {

	@Test
	void shouldSubtractEachCommittedOffsetFromItsPartitionsEndOffset() {
		// Given three partitions, the last never committed
		Map<Integer, Long> ends = Map.of(0, 100L, 1, 50L, 2, 7L);
		Map<Integer, Long> committed = Map.of(0, 90L, 1, 50L);

		// When
		GroupLag lag = GroupLag.of("archive-service", "orders", ends, committed);

		// Then a partition without a committed offset counts whole
		assertThat(lag.partitions()).containsExactly(new PartitionLag(0, 100, OptionalLong.of(90)),
				new PartitionLag(1, 50, OptionalLong.of(50)), new PartitionLag(2, 7, OptionalLong.empty()));
		assertThat(lag.partitions()).extracting(PartitionLag::records).containsExactly(10L, 0L, 7L);
		assertThat(lag.total()).isEqualTo(17);
		assertThat(lag.committedTotal()).isEqualTo(140);
		assertThat(lag.committedOffsets()).containsExactly(Map.entry(0, 90L), Map.entry(1, 50L));
	}

	@Test
	void shouldHaveNoLagOnceEveryRecordIsCommittedPast() {
		// When
		GroupLag lag = GroupLag.of("order-processors", "orders", Map.of(0, 3L, 1, 0L), Map.of(0, 3L));

		// Then: an empty partition needs no commit
		assertThat(lag.total()).isZero();
	}

	@Test
	void shouldIgnoreCommittedOffsetsOfPartitionsTheTopicDoesNotHave() {
		// When
		GroupLag lag = GroupLag.of("order-processors", "orders", Map.of(0, 3L), Map.of(0, 1L, 9, 5L));

		// Then
		assertThat(lag.total()).isEqualTo(2);
		assertThat(lag.committedOffsets()).containsOnlyKeys(0);
	}

}
