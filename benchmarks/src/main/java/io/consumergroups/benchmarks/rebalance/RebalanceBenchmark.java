package io.consumergroups.benchmarks.rebalance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.consumergroups.benchmarks.harness.ClusterProbe;
import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.TestBed;
import io.consumergroups.benchmarks.report.Section;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * P3 and P4, on three replicas of order-processor under steady load, per group protocol:
 * <ul>
 * <li>P3, join: a 4th replica joins ({@link JoinScenario}).</li>
 * <li>P3, static restart: a static member is stopped and started again within the session
 * timeout ({@link StaticRestartScenario}).</li>
 * <li>P4, failover: one of the three is killed ({@code SIGKILL}), per protocol and per
 * session timeout ({@link FailoverScenario}).</li>
 * </ul>
 * Everything is read from the statuses the replicas publish ({@link ProcessingGaps}) and
 * from the group as the coordinator describes it, polled every 100 ms. P3's events run at
 * {@link #EVENT_RATE}, P4's at the run's steady rate. This class opens the groups and
 * runs the scenarios in them; {@link RebalanceReport} and {@link FailoverReport} write
 * what they measured.
 */
public final class RebalanceBenchmark {

	static final List<GroupConfig> CONFIGS = List.of(
			new GroupConfig("classic, range (eager)", "eager", "classic", "range"),
			new GroupConfig("classic, cooperative-sticky", "cooperative", "classic", "cooperative-sticky"),
			new GroupConfig("consumer (KIP-848)", "consumer", "consumer", "cooperative-sticky"));

	private static final Logger logger = LoggerFactory.getLogger(RebalanceBenchmark.class);

	/**
	 * The rate of P3's events: the load's 5 ms tick times 6 partitions, so that with the
	 * customers in turn every partition gets an order every 5 ms, and a stall shows
	 * within 5 ms of its length; at the steady rate of 60/s it would be every 100 ms,
	 * twice the aim. order-processor's replicas keep up with it on these cores (P5 on one
	 * broker: 2,000/s); each event checks that they do ({@link Quiet#CAUGHT_UP_LAG}).
	 */
	static final int EVENT_RATE = GroupSession.PARTITIONS * 200;

	/**
	 * order-processor's {@code transaction.timeout.ms}, which its YAML keeps within the
	 * session timeout: a failover with a shorter session gets it lowered to the session.
	 */
	static final Duration SHIPPED_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

	private final TestBed bed;

	private final ClusterProbe probe;

	private final RunSettings settings;

	private final boolean rebalances;

	private final boolean failoversToo;

	private final Map<GroupConfig, JoinMeasurements> joins = new LinkedHashMap<>();

	private final Map<FailoverCase, FailoverMeasurements> failovers = new LinkedHashMap<>();

	private final Map<GroupConfig, StaticRestartMeasurements> restarts = new LinkedHashMap<>();

	private final List<String> failures = new ArrayList<>();

	/**
	 * @param bed the cluster
	 * @param probe the cluster's Admin view
	 * @param settings how much to measure
	 * @param rebalances whether to run P3 (joins, static restarts)
	 * @param failovers whether to run P4 (kills)
	 */
	public RebalanceBenchmark(TestBed bed, ClusterProbe probe, RunSettings settings, boolean rebalances,
			boolean failovers) {
		this.bed = bed;
		this.probe = probe;
		this.settings = settings;
		this.rebalances = rebalances;
		this.failoversToo = failovers;
	}

	/**
	 * Run P3, P4 or both.
	 * @return the section of each that ran
	 */
	public List<Section> run() {
		for (GroupConfig config : CONFIGS) {
			JoinMeasurements join = new JoinMeasurements();
			FailoverMeasurements failover = new FailoverMeasurements();
			if (this.rebalances) {
				this.joins.put(config, join);
			}
			if (this.failoversToo) {
				this.failovers.put(new FailoverCase(config, this.settings.sessionTimeout()), failover);
			}
			try (GroupSession session = GroupSession.open(this.bed, this.probe, "p3-" + config.key(), config.protocol(),
					config.assignor(), this.settings.sessionTimeout(), this.settings.steadyRate())) {
				if (this.rebalances) {
					// Each event waits until the group has caught up with it
					session.rate(EVENT_RATE);
				}
				for (int i = 1; this.rebalances && i <= this.settings.eventRepeat(); i++) {
					JoinScenario.measure(session, join, i);
				}
				if (this.failoversToo) {
					session.rate(this.settings.steadyRate());
					for (int i = 1; i <= this.settings.killRepeat(); i++) {
						FailoverScenario.measure(session, failover, i, this.settings.killRepeat());
					}
				}
			}
			catch (RuntimeException ex) {
				logger.error("P3/P4 {} failed", config.label(), ex);
				this.failures.add(config.label() + ": " + ex.getMessage());
			}
		}
		for (Duration timeout : this.settings.failoverSessionTimeouts()) {
			if (this.failoversToo && !timeout.equals(this.settings.sessionTimeout())) {
				CONFIGS.forEach((config) -> failovers(config, timeout));
			}
		}
		for (GroupConfig config : this.rebalances ? CONFIGS.subList(1, CONFIGS.size()) : List.<GroupConfig>of()) {
			StaticRestartMeasurements restart = new StaticRestartMeasurements();
			this.restarts.put(config, restart);
			try (GroupSession session = GroupSession.open(this.bed, this.probe, "p3-static-" + config.key(),
					config.protocol(), config.assignor(), this.settings.staticSessionTimeout(),
					this.settings.steadyRate())) {
				session.rate(EVENT_RATE);
				for (int i = 1; i <= this.settings.eventRepeat(); i++) {
					StaticRestartScenario.measure(session, restart, i);
				}
			}
			catch (RuntimeException ex) {
				logger.error("P3 static restart {} failed", config.label(), ex);
				this.failures.add("static restart, " + config.label() + ": " + ex.getMessage());
			}
		}
		List<Section> sections = new ArrayList<>();
		if (this.rebalances) {
			sections.add(new RebalanceReport(this.settings).section(this.joins, this.restarts, this.failures));
		}
		if (this.failoversToo) {
			sections.add(new FailoverReport(this.settings).section(this.failovers, this.failures));
		}
		return sections;
	}

	/**
	 * Failovers alone, in a group of their own with another session timeout. The
	 * replicas' transaction timeout is kept within it, as order-processor.yml advises: a
	 * replica killed inside a transaction holds its partitions until the transaction is
	 * aborted.
	 */
	private void failovers(GroupConfig config, Duration timeout) {
		FailoverMeasurements failover = new FailoverMeasurements();
		this.failovers.put(new FailoverCase(config, timeout), failover);
		List<String> properties = (timeout.compareTo(SHIPPED_TRANSACTION_TIMEOUT) < 0)
				? List.of("spring.kafka.producer.properties.transaction.timeout.ms=" + timeout.toMillis()) : List.of();
		try (GroupSession session = GroupSession.open(this.bed, this.probe,
				"p4-" + config.key() + "-" + timeout.toSeconds() + "s", config.protocol(), config.assignor(), timeout,
				this.settings.steadyRate(), properties)) {
			for (int i = 1; i <= this.settings.killRepeat(); i++) {
				FailoverScenario.measure(session, failover, i, this.settings.killRepeat());
			}
		}
		catch (RuntimeException ex) {
			logger.error("P4 {}, session {} s failed", config.label(), timeout.toSeconds(), ex);
			this.failures.add(config.label() + ", session " + timeout.toSeconds() + " s: " + ex.getMessage());
		}
	}

}
