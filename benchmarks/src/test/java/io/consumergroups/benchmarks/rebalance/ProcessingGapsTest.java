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

	private final Map<String, Instant> sentAt = new HashMap<>();

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
	void shouldSeeAStallShorterThanItIsWhenOrdersArriveSparsely() {
		// Given a partition that can process nothing from 107 ms to 187 ms (an 80 ms
		// stall), with an order every 100 ms, each processed 1 ms after it was sent: none
		// arrives during the stall
		for (int i = 0; i < 5; i++) {
			long sent = i * 100;
			order("o" + i, 0, "m1", sent, stalled(sent + 1, 107, 187));
		}

		// When
		var stall = gaps().stall(List.of(0), T0 + ms(50), T0 + ms(350));

		// Then: the gaps show 1 ms, yet orders 100 ms apart could hide a stall of 100 ms:
		// the window cannot tell whether an aim of 50 ms was met
		assertThat(stall.longestGapMillis()).hasValue(1);
		assertThat(stall.arrivalIntervalMillis()).isEqualTo(100);
		assertThat(stall.observes(50)).isFalse();
	}

	@Test
	void shouldSeeTheSameStallWithinTheArrivalIntervalWhenOrdersArriveDensely() {
		// Given the same stall from 107 ms to 187 ms, with an order every 5 ms
		for (int i = 0; i < 60; i++) {
			long sent = i * 5;
			order("o" + i, 0, "m1", sent, stalled(sent + 1, 107, 187));
		}

		// When
		var stall = gaps().stall(List.of(0), T0 + ms(50), T0 + ms(250));

		// Then: the order sent at 110 ms waited until 187 ms: 77 ms of the 80 ms stall,
		// short of it by less than the 5 ms between two orders
		assertThat(stall.longestGapMillis()).hasValue(77);
		assertThat(stall.arrivalIntervalMillis()).isEqualTo(5);
		assertThat(stall.observes(50)).isTrue();
	}

	@Test
	void shouldTakeTheArrivalIntervalOfTheSparsestPartitionAndOfTheIntervalsReachingIntoTheWindow() {
		// Given partition 0 with orders every 5 ms, partition 1 with orders at 0, 40 and
		// 160 ms, partition 2 with none
		for (int i = 0; i < 40; i++) {
			order("a" + i, 0, "m1", i * 5, i * 5 + 1);
		}
		order("b0", 1, "m2", 0, 1);
		order("b1", 1, "m2", 40, 41);
		order("b2", 1, "m2", 160, 161);

		// When / Then: the interval from 40 to 160 ms reaches into a window that starts
		// at 100 ms, and a window that ends at 60 ms holds part of it
		assertThat(gaps().arrivalIntervalMillis(List.of(0), T0 + ms(20), T0 + ms(150))).isEqualTo(5);
		assertThat(gaps().arrivalIntervalMillis(List.of(0, 1), T0 + ms(100), T0 + ms(150))).isEqualTo(120);
		assertThat(gaps().arrivalIntervalMillis(List.of(0, 1), T0 + ms(10), T0 + ms(60))).isEqualTo(120);
		assertThat(gaps().arrivalIntervalMillis(List.of(0, 1), T0 + ms(10), T0 + ms(30))).isEqualTo(40);
		// No order at all: the whole window is blind
		assertThat(gaps().arrivalIntervalMillis(List.of(2), T0 + ms(10), T0 + ms(30))).isEqualTo(20);
		// After the last order seen, up to the window's end
		assertThat(gaps().arrivalIntervalMillis(List.of(1), T0 + ms(170), T0 + ms(250))).isEqualTo(90);
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

	/** When an order due at a moment is processed, with processing stopped meanwhile. */
	private static long stalled(long dueMillis, long fromMillis, long toMillis) {
		return (dueMillis > fromMillis && dueMillis < toMillis) ? toMillis : dueMillis;
	}

	private ProcessingGaps gaps() {
		return new ProcessingGaps(this.statuses, this.sentAt);
	}

	private void order(String orderId, int partition, String replica, long sentMillis, long processedMillis) {
		this.sentAt.put(orderId, instant(T0 + ms(sentMillis)));
		long processed = T0 + ms(processedMillis);
		Instant processedAt = instant(processed);
		OrderStatus status = new OrderStatus(orderId, "customer-1", OrderStatus.Status.ACCEPTED, null, replica,
				partition, 0, processedAt);
		this.statuses.add(new ObservedStatus(processed + 5_000, status));
	}

	private static Instant instant(long epochMicros) {
		return Instant.ofEpochSecond(epochMicros / 1_000_000, (epochMicros % 1_000_000) * 1000);
	}

	private static long ms(long millis) {
		return millis * 1000;
	}

}
