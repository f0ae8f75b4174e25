package io.consumergroups.benchmarks.harness;

import java.time.Duration;
import java.util.List;

/**
 * How much a run measures: repetitions, window lengths, rates. {@link #full(int)} is the
 * documented run; {@link #quick()} checks that everything works in a few minutes.
 *
 * @param repeat repetitions of each throughput and latency measure
 * @param eventRepeat repetitions of each join and static restart (each costs JVM starts)
 * @param killRepeat repetitions of each failover (each costs a replica's restart and a
 * session timeout)
 * @param backlog orders pre-filled for the throughput benchmarks
 * @param warmUp time left out after a consumer's first commit
 * @param window the length of one measured window
 * @param steadyRate orders per second while members join, restart or crash
 * @param latencyRates the rates of the end-to-end latency benchmark
 * @param latencyRun how long each latency run publishes
 * @param sessionTimeout the session timeout of the join and failover scenarios
 * @param staticSessionTimeout the session timeout of the static restart scenario: longer
 * than a replica's restart
 */
public record RunSettings(int repeat, int eventRepeat, int killRepeat, int backlog, Duration warmUp, Duration window,
		int steadyRate, List<Integer> latencyRates, Duration latencyRun, Duration sessionTimeout,
		Duration staticSessionTimeout) {

	/**
	 * The documented run.
	 * @param repeat repetitions of each measure; P1's backlog grows with them, 200,000
	 * orders for every 3, so that its windows do not run out of records
	 * @return the settings
	 */
	public static RunSettings full(int repeat) {
		int backlog = 200_000 * Math.max(1, (repeat + 2) / 3);
		return new RunSettings(repeat, 3, 3, backlog, Duration.ofSeconds(10), Duration.ofSeconds(5), 60,
				List.of(20, 500, 2000), Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(45));
	}

	/**
	 * One repetition of everything, shorter windows: to check the harness, not to quote.
	 * @return the settings
	 */
	public static RunSettings quick() {
		return new RunSettings(1, 1, 1, 50_000, Duration.ofSeconds(3), Duration.ofSeconds(3), 60,
				List.of(20, 500, 2000), Duration.ofSeconds(6), Duration.ofSeconds(10), Duration.ofSeconds(45));
	}

	/**
	 * The same settings with other numbers of event repetitions.
	 * @param events repetitions of each join and static restart
	 * @param kills repetitions of each failover
	 * @return a copy
	 */
	public RunSettings withEventRepeat(int events, int kills) {
		return new RunSettings(this.repeat, events, kills, this.backlog, this.warmUp, this.window, this.steadyRate,
				this.latencyRates, this.latencyRun, this.sessionTimeout, this.staticSessionTimeout);
	}

}
