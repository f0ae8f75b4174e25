package io.consumergroups.demo;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.consumergroups.harness.process.JvmProcess;

/**
 * The order-processor replicas of a run by number, the stopped and killed ones too, so
 * that they can be restarted under the same name. Starting a replica and stopping the run
 * take its lock, so that a replica is either started before the run stops, or not at all.
 */
final class ProcessorReplicas {

	private final SortedMap<Integer, JvmProcess> replicas = new TreeMap<>();

	private boolean closed;

	/**
	 * Records a replica, started or started again.
	 * @param number its number
	 * @param replica its process
	 */
	synchronized void put(int number, JvmProcess replica) {
		this.replicas.put(number, replica);
	}

	/**
	 * A replica.
	 * @param number its number
	 * @return its process, null if it was never started
	 */
	synchronized JvmProcess get(int number) {
		return this.replicas.get(number);
	}

	/**
	 * Every replica, running or not.
	 * @return their processes, by number
	 */
	synchronized List<JvmProcess> all() {
		return List.copyOf(this.replicas.values());
	}

	/**
	 * The numbers of the running replicas.
	 * @return their numbers, lowest first
	 */
	synchronized List<Integer> running() {
		return this.replicas.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().isAlive())
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * Fails once the run is stopping: no replica starts after that.
	 * @throws IllegalStateException if the run is stopping
	 */
	synchronized void requireOpen() {
		if (this.closed) {
			throw new IllegalStateException("the demo is stopping");
		}
	}

	/**
	 * The run is stopping: no more replicas.
	 */
	synchronized void close() {
		this.closed = true;
	}

}
