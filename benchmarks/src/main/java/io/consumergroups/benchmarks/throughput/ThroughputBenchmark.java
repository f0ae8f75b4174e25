package io.consumergroups.benchmarks.throughput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;

import io.consumergroups.benchmarks.harness.ClusterProbe;
import io.consumergroups.benchmarks.harness.ConsumptionRate;
import io.consumergroups.benchmarks.harness.CpuUse;
import io.consumergroups.benchmarks.harness.KafkaPerformanceTools;
import io.consumergroups.benchmarks.harness.ProcessorReplica;
import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.harness.TestBed;
import io.consumergroups.benchmarks.report.Section;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.process.JvmProcess;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * P1: how fast order-processor's listener path works through a pre-filled {@code orders}
 * topic, beside a plain kafka-clients loop doing the same work with the same guarantee,
 * and Kafka's ConsumerPerformance (raw bytes, no work, no writes) as the ceiling. Every
 * consumer reads the same topic in its own new group, in the same run, and its throughput
 * is measured the same way: from its committed offsets ({@link ConsumptionRate}).
 * <p>
 * Each is compared with the same guarantee: exactly-once to exactly-once, and, with
 * {@code orders.processor.exactly-once=false}, at-least-once to at-least-once.
 * Exactly-once, its batch listener gets one transaction per poll from the container, as
 * the plain loop it is compared with; the plain loop with one transaction per record
 * (what a record listener in a transactional container gets) shows what that unit costs.
 * <p>
 * This class runs the consumers and measures them; {@link ThroughputReport} writes what
 * they measured.
 */
public final class ThroughputBenchmark {

	/** Where the plain loop writes its statuses, apart from order-processor's. */
	static final String PLAIN_STATUS_TOPIC = "order-status.plain";

	static final int SMALL_POLL = PlainOrderLoop.MAX_POLL_RECORDS;

	static final int LARGE_POLL = 500;

	private static final Logger logger = LoggerFactory.getLogger(ThroughputBenchmark.class);

	private final TestBed bed;

	private final ClusterProbe probe;

	private final RunSettings settings;

	public ThroughputBenchmark(TestBed bed, ClusterProbe probe, RunSettings settings) {
		this.bed = bed;
		this.probe = probe;
		this.settings = settings;
	}

	/**
	 * Run P1 on {@code orders}, which holds {@link RunSettings#backlog()} orders.
	 * @return the section of the report
	 */
	public Section run() {
		this.probe.createTopic(PLAIN_STATUS_TOPIC, 6);
		int backlog = this.settings.backlog();
		Samples ceiling = consumerPerformance(backlog);
		PairedRuns atLeastOnce = paired(PlainOrderLoop.Mode.AT_LEAST_ONCE, SMALL_POLL);
		ConsumerRuns perRecord = repeated((round) -> plainLoop(PlainOrderLoop.Mode.EOS_PER_RECORD, SMALL_POLL,
				PlainOrderLoop.RETRY_BACKOFF_MS, round));
		ConsumerRuns perPollKafkaBackoff = repeated((round) -> plainLoop(PlainOrderLoop.Mode.EOS_PER_POLL, SMALL_POLL,
				CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MS.intValue(), round));
		PairedRuns small = paired(PlainOrderLoop.Mode.EOS_PER_POLL, SMALL_POLL);
		PairedRuns large = paired(PlainOrderLoop.Mode.EOS_PER_POLL, LARGE_POLL);
		return new ThroughputReport(this.settings, this.bed.brokers()).section(ceiling, atLeastOnce, perRecord,
				perPollKafkaBackoff, small, large);
	}

	private Samples consumerPerformance(int backlog) {
		KafkaPerformanceTools tools = new KafkaPerformanceTools(this.bed);
		List<Double> rates = new ArrayList<>();
		for (int i = 1; i <= this.settings.repeat(); i++) {
			double rate = tools.consumerPerformance("p1-consumer-performance-" + i, Topics.ORDERS, backlog,
					"bench-p1-consumer-performance-" + i);
			logger.info("P1 ConsumerPerformance run {}: {} records/s", i, Math.round(rate));
			rates.add(rate);
		}
		return Samples.of(rates);
	}

	private ConsumerRuns repeated(IntFunction<Optional<ConsumerRun>> consumer) {
		List<ConsumerRun> runs = new ArrayList<>();
		for (int round = 1; round <= this.settings.repeat(); round++) {
			consumer.apply(round).ifPresent(runs::add);
		}
		return new ConsumerRuns(runs);
	}

	/**
	 * order-processor and the plain loop with the same guarantee and poll size, in turns:
	 * whatever the machine does slowly over minutes, both see it in each round.
	 */
	private PairedRuns paired(PlainOrderLoop.Mode mode, int maxPollRecords) {
		List<ConsumerRun> plain = new ArrayList<>();
		List<ConsumerRun> processor = new ArrayList<>();
		List<Double> ratios = new ArrayList<>();
		for (int round = 1; round <= this.settings.repeat(); round++) {
			Optional<ConsumerRun> plainRun;
			Optional<ConsumerRun> processorRun;
			if (round % 2 == 1) {
				plainRun = plainLoop(mode, maxPollRecords, PlainOrderLoop.RETRY_BACKOFF_MS, round);
				processorRun = orderProcessor(mode, maxPollRecords, round);
			}
			else {
				processorRun = orderProcessor(mode, maxPollRecords, round);
				plainRun = plainLoop(mode, maxPollRecords, PlainOrderLoop.RETRY_BACKOFF_MS, round);
			}
			plainRun.ifPresent(plain::add);
			processorRun.ifPresent(processor::add);
			if (plainRun.isPresent() && processorRun.isPresent()) {
				double ratio = processorRun.get().rate() / plainRun.get().rate();
				logger.info("P1 round {}, {}, {} per poll: order-processor / plain loop = {}", round, mode.argument(),
						maxPollRecords, String.format(Locale.ROOT, "%.2f", ratio));
				ratios.add(ratio);
			}
		}
		String guarantee = (mode == PlainOrderLoop.Mode.AT_LEAST_ONCE) ? "at-least-once" : "EOS";
		return new PairedRuns(guarantee + ", polls of " + maxPollRecords, new ConsumerRuns(plain),
				new ConsumerRuns(processor), Samples.of(ratios));
	}

	private Optional<ConsumerRun> plainLoop(PlainOrderLoop.Mode mode, int maxPollRecords, int retryBackoffMs,
			int round) {
		String name = "p1-plain-" + mode.argument() + "-" + maxPollRecords
				+ ((retryBackoffMs != PlainOrderLoop.RETRY_BACKOFF_MS) ? "-backoff-" + retryBackoffMs : "") + "-r"
				+ round;
		String group = "bench-" + name;
		JvmProcess loop = this.bed.mainClass(name, ProcessorReplica.HEAP, PlainOrderLoop.class.getName(),
				List.of(this.bed.bootstrapServers(), group, name, mode.argument(), PLAIN_STATUS_TOPIC,
						Integer.toString(maxPollRecords), Integer.toString(retryBackoffMs)));
		try (loop) {
			loop.start();
			Optional<ConsumerRun> run = measure(group, CpuUse.Role.PLAIN_LOOPS, () -> {
				if (!loop.isAlive()) {
					throw new IllegalStateException(name + " exited; see " + loop.log());
				}
			});
			logger.info("P1 plain loop {}, {} per poll, retry back-off {} ms, round {}: {}", mode.argument(),
					maxPollRecords, retryBackoffMs, round, run.map(ConsumerRun::toString).orElse("no window"));
			return run;
		}
	}

	private Optional<ConsumerRun> orderProcessor(PlainOrderLoop.Mode mode, int maxPollRecords, int round) {
		boolean exactlyOnce = mode != PlainOrderLoop.Mode.AT_LEAST_ONCE;
		String name = "p1-order-processor-" + (exactlyOnce ? "" : "at-least-once-") + maxPollRecords + "-r" + round;
		String group = "bench-" + name;
		ProcessorReplica.Membership membership = new ProcessorReplica.Membership(group, "classic", "cooperative-sticky",
				true, Duration.ofSeconds(10));
		try (ProcessorReplica replica = ProcessorReplica.create(this.bed, name, membership, Duration.ZERO, false,
				List.of("spring.kafka.consumer.max-poll-records=" + maxPollRecords,
						"orders.processor.exactly-once=" + exactlyOnce))
			.start()) {
			Optional<ConsumerRun> run = measure(group, CpuUse.Role.REPLICAS, replica::requireAlive);
			logger.info("P1 order-processor, {}, {} per poll, round {}: {}", exactlyOnce ? "EOS" : "at-least-once",
					maxPollRecords, round, run.map(ConsumerRun::toString).orElse("no window"));
			return run;
		}
	}

	private Optional<ConsumerRun> measure(String group, CpuUse.Role consumer, Runnable alive) {
		List<ConsumptionRate.Window> windows = ConsumptionRate.windows(this.probe.groups(), group,
				this.settings.backlog(), this.settings.warmUp(), this.settings.window(), 1, alive);
		return windows.stream()
			.findFirst()
			.map((window) -> new ConsumerRun(window.rate(), window.cpuMicrosPerRecord(consumer),
					window.jitMicrosPerRecord(consumer), window.cpuMicrosPerRecord(CpuUse.Role.BROKERS)));
	}

}
