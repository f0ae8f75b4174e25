package io.consumergroups.benchmarks.rebalance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.consumergroups.benchmarks.harness.StatusRecorder.ObservedStatus;
import io.consumergroups.events.OrderStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessingGapsTest {

	private static final long T0 = 1_000_000_000_000L;

	private final List<ObservedStatus> statuses = new ArrayList<>();

	private final Map<String, Long> sentAt = new HashMap<>();

	@Test
	void shouldCountOnlyTimeWithAnOrderWaiting() {
		// Given orders sent every 100 ms on partition 0, each processed 10 ms after it
		// was sent
		for (int i = 0; i < 5; i++) {
			order("o" + i, 0, "m1", i * 100, i * 100 + 10);
		}

		// When
		var gap = gaps().longestGapMillis(0, T0, T0 + ms(500));

		// Then: the quiet 90 ms between orders are not a stall
		assertThat(gap).hasValue(10);
	}

	@Test
	void shouldMeasureAStallAsTheWaitOfTheOrdersBehindIt() {
		// Given a partition that stops processing for a rebalance from 200 ms to 700 ms
		order("o0", 0, "m1", 0, 10);
		order("o1", 0, "m1", 100, 110);
		order("o2", 0, "m1", 210, 700);
		order("o3", 0, "m1", 300, 705);
		order("o4", 0, "m1", 800, 810);

		// When
		var gap = gaps().longestGapMillis(0, T0 + ms(400), T0 + ms(600));

		// Then: o2 waited from 210 to 700; the stall overlaps the window and counts whole
		assertThat(gap).hasValue(490);
	}

	@Test
	void shouldIgnoreGapsOutsideTheWindowAndOtherPartitions() {
		// Given
		order("a0", 0, "m1", 0, 500);
		order("a1", 0, "m1", 1000, 1010);
		order("b0", 1, "m2", 1000, 1800);

		// When / Then
		assertThat(gaps().longestGapMillis(0, T0 + ms(900), T0 + ms(1100))).hasValue(10);
		assertThat(gaps().longestGapMillis(List.of(0, 1), T0 + ms(900), T0 + ms(1100))).hasValue(800);
		assertThat(gaps().longestGapMillis(2, T0, T0 + ms(2000))).isEmpty();
	}

	@Test
	void shouldFindWhenKilledPartitionsWereProcessedAgainByAnotherReplica() {
		// Given m3 owned partitions 4 and 5 and was killed at 1,000 ms
		order("a", 4, "m3", 900, 950);
		order("b", 4, "m1", 1000, 11_400);
		order("c", 5, "m3", 990, 999);
		order("d", 5, "m2", 1000, 11_900);
		order("e", 5, "m2", 1100, 11_950);

		// When
		var gaps = gaps();
		var latest = gaps.allProcessedAfter(List.of(4, 5), T0 + ms(1000), "m3", false);

		// Then
		assertThat(latest).hasValueSatisfying((status) -> assertThat(status.status().orderId()).isEqualTo("d"));
		assertThat(gaps.allProcessedAfter(List.of(4, 5, 3), T0 + ms(1000), "m3", false)).isEmpty();
		assertThat(gaps.firstProcessedAfter(4, T0 + ms(1000), "m3", true)).isEmpty();
	}

	private ProcessingGaps gaps() {
		return new ProcessingGaps(this.statuses, this.sentAt);
	}

	private void order(String orderId, int partition, String replica, long sentMillis, long processedMillis) {
		this.sentAt.put(orderId, T0 + ms(sentMillis));
		long processed = T0 + ms(processedMillis);
		Instant processedAt = Instant.ofEpochSecond(processed / 1_000_000, (processed % 1_000_000) * 1000);
		OrderStatus status = new OrderStatus(orderId, "customer-1", OrderStatus.Status.ACCEPTED, null, replica,
				partition, 0, processedAt);
		this.statuses.add(new ObservedStatus(processed + 5_000, status));
	}

	private static long ms(long millis) {
		return millis * 1000;
	}

}
