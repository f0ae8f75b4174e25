package io.consumergroups.benchmarks.latency;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.consumergroups.benchmarks.harness.StatusRecorder;
import io.consumergroups.benchmarks.harness.StatusRecorder.ObservedStatus;

/**
 * When each order's status was processed and when it was read, by order id, from the
 * statuses recorded: the two ends of an order's latency beside its send time.
 */
final class StatusTimes {

	private StatusTimes() {
	}

	/**
	 * When each order was processed ({@code OrderStatus.processedAt}, the replica's clock
	 * on the same machine), by the first status received for it.
	 * @param statuses the statuses recorded
	 * @return epoch microseconds by order id
	 */
	static Map<String, Long> processed(List<ObservedStatus> statuses) {
		Map<String, Long> processed = new HashMap<>();
		for (ObservedStatus observed : statuses) {
			processed.putIfAbsent(observed.status().orderId(),
					StatusRecorder.epochMicros(observed.status().processedAt()));
		}
		return processed;
	}

	/**
	 * When each order's status was first received by the harness's {@code read_committed}
	 * consumer: once its transaction was committed.
	 * @param statuses the statuses recorded
	 * @return epoch microseconds by order id
	 */
	static Map<String, Long> received(List<ObservedStatus> statuses) {
		Map<String, Long> received = new HashMap<>();
		for (ObservedStatus observed : statuses) {
			received.putIfAbsent(observed.status().orderId(), observed.receivedAtMicros());
		}
		return received;
	}

}
