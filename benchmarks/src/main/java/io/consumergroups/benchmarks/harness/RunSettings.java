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
 * @param backlog orders pre-filled for the throughput benchmarks, which each consumer
 * reads from the start
 * @param warmUp time left out after a consumer's first commit
 * @param window the length of one measured window
 * @param steadyRate orders per second while members crash (P4); P3's joins and restarts
 * run at a rate of their own, dense enough to see a stall of a few milliseconds
 * @param latencyRates the rates of the end-to-end latency benchmark
 * @param latencyRun how long each latency run publishes
 * @param sessionTimeout the session timeout of the join scenario, order-processor's
 * default; the failover scenario runs with it too
 * @param staticSessionTimeout the session timeout of the static restart scenario: longer
 * than a replica's restart
 * @param failoverSessionTimeouts the session timeouts the failover scenario runs with, in
 * order
 */
public record RunSettings(int repeat, int eventRepeat, int killRepeat, int backlog, Duration warmUp, Duration window,
		int steadyRate, List<Integer> latencyRates, Duration latencyRun, Duration sessionTimeout,
		Duration staticSessionTimeout, List<Duration> failoverSessionTimeouts) {

	public RunSettings {
		if (!failoverSessionTimeouts.contains(sessionTimeout)) {
			throw new IllegalArgumentException("The failover session timeouts " + failoverSessionTimeouts
					+ " must include the join scenario's " + sessionTimeout + ": they share its runs");
		}
	}

	/**
	 * The fastest rate a P1 consumer that does order-processor's work is expected to
	 * reach on this machine, with room: the plain loop at 500 records per poll reached
	 * about 103,000 orders/s. The backlog is sized so that such a consumer is still busy
	 * at the end of its window.
	 */
	static final int FASTEST_RATE = 150_000;

	/**
	 * The documented run.
	 * @param repeat repetitions of each measure
	 * @return the settings
	 */
	public static RunSettings full(int repeat) {
		// On 2 cores shared with the broker, order-processor's JIT compiler still used a
		// third of a core 10 s after its first commit (docs/benchmarks/RESULTS.md, P1)
		Duration warmUp = Duration.ofSeconds(30);
		Duration window = Duration.ofSeconds(5);
		// Failover with the brokers' smallest session timeout, order-processor's, and
		// Kafka's default
		return new RunSettings(repeat, 3, 3, backlogFor(warmUp, window), warmUp, window, 60, List.of(20, 500, 2000),
				Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(45),
				List.of(Duration.ofSeconds(6), Duration.ofSeconds(10), Duration.ofSeconds(45)));
	}

	/**
	 * Orders enough for a consumer at {@link #FASTEST_RATE}, starting from the beginning
	 * of the topic, to warm up and measure a window, with room for one more: each P1
	 * repetition is a new JVM in a new group.
	 */
	static int backlogFor(Duration warmUp, Duration window) {
		long seconds = warmUp.plus(window.multipliedBy(2)).toSeconds();
		return Math.toIntExact(FASTEST_RATE * seconds);
	}

	/**
	 * One repetition of everything, shorter windows: to check the harness, not to quote.
	 * @return the settings
	 */
	public static RunSettings quick() {
		return new RunSettings(1, 1, 1, 50_000, Duration.ofSeconds(3), Duration.ofSeconds(3), 60,
				List.of(20, 500, 2000), Duration.ofSeconds(6), Duration.ofSeconds(10), Duration.ofSeconds(45),
				List.of(Duration.ofSeconds(10)));
	}

	/**
	 * The same settings with other numbers of event repetitions.
	 * @param events repetitions of each join and static restart
	 * @param kills repetitions of each failover
	 * @return a copy
	 */
	public RunSettings withEventRepeat(int events, int kills) {
		return new RunSettings(this.repeat, events, kills, this.backlog, this.warmUp, this.window, this.steadyRate,
				this.latencyRates, this.latencyRun, this.sessionTimeout, this.staticSessionTimeout,
				this.failoverSessionTimeouts);
	}

	/**
	 * The same settings with other failover session timeouts.
	 * @param timeouts the session timeouts of the failover scenario; they must include
	 * {@link #sessionTimeout()}
	 * @return a copy
	 */
	public RunSettings withFailoverSessionTimeouts(List<Duration> timeouts) {
		return new RunSettings(this.repeat, this.eventRepeat, this.killRepeat, this.backlog, this.warmUp, this.window,
				this.steadyRate, this.latencyRates, this.latencyRun, this.sessionTimeout, this.staticSessionTimeout,
				List.copyOf(timeouts));
	}

}
