package io.consumergroups.benchmarks.throughput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

import io.consumergroups.benchmarks.harness.ClusterProbe;
import io.consumergroups.benchmarks.harness.ConsumptionRate;
import io.consumergroups.benchmarks.harness.CpuUse;
import io.consumergroups.benchmarks.harness.JavaProcess;
import io.consumergroups.benchmarks.harness.KafkaPerformanceTools;
import io.consumergroups.benchmarks.harness.ProcessorReplica;
import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.harness.TestBed;
import io.consumergroups.benchmarks.report.Aim;
import io.consumergroups.benchmarks.report.ChartSpec;
import io.consumergroups.benchmarks.report.Result;
import io.consumergroups.benchmarks.report.Section;
import io.consumergroups.benchmarks.report.Unit;
import io.consumergroups.events.Topics;
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
 */
public final class ThroughputBenchmark {

	/** Where the plain loop writes its statuses, apart from order-processor's. */
	static final String PLAIN_STATUS_TOPIC = "order-status.plain";

	private static final Logger logger = LoggerFactory.getLogger(ThroughputBenchmark.class);

	private static final double AIM_RATIO = 0.9;

	private static final int SMALL_POLL = PlainOrderLoop.MAX_POLL_RECORDS;

	private static final int LARGE_POLL = 500;

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
		String setting = String.format(Locale.ROOT, "%,d orders pre-filled, 6 partitions, %d broker", backlog,
				this.bed.brokers());
		Samples ceiling = consumerPerformance(backlog);
		Pair atLeastOnce = paired(PlainOrderLoop.Mode.AT_LEAST_ONCE, SMALL_POLL);
		Runs perRecord = repeated((round) -> plainLoop(PlainOrderLoop.Mode.EOS_PER_RECORD, SMALL_POLL,
				PlainOrderLoop.RETRY_BACKOFF_MS, round));
		Runs perPollKafkaBackoff = repeated((round) -> plainLoop(PlainOrderLoop.Mode.EOS_PER_POLL, SMALL_POLL,
				CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MS.intValue(), round));
		Pair small = paired(PlainOrderLoop.Mode.EOS_PER_POLL, SMALL_POLL);
		Pair large = paired(PlainOrderLoop.Mode.EOS_PER_POLL, LARGE_POLL);

		List<Result> results = new ArrayList<>();
		results.add(Result.of("P1", "Kafka ConsumerPerformance (raw bytes: the ceiling)", setting, ceiling,
				Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "plain loop, at-least-once (flush, commitSync per poll of 50)", setting,
				atLeastOnce.plain().rates(), Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "order-processor, at-least-once (exactly-once=false), polls of 50", setting,
				atLeastOnce.processor().rates(), Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "plain loop, EOS, a transaction per record", setting, perRecord.rates(),
				Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "plain loop, EOS, a transaction per poll of 50", setting, small.plain().rates(),
				Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1",
				"plain loop, EOS, a transaction per poll of 50, retry back-off 100 ms (Kafka's default)", setting,
				perPollKafkaBackoff.rates(), Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "order-processor, EOS, a transaction per poll of 50 (its default)", setting,
				small.processor().rates(), Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "plain loop, EOS, a transaction per poll of 500", setting, large.plain().rates(),
				Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "order-processor, EOS, a transaction per poll of 500", setting,
				large.processor().rates(), Unit.ORDERS_PER_SECOND));
		results.add(
				Result
					.of("P1", "ratio order-processor / plain loop, at-least-once, polls of 50", "same round",
							atLeastOnce.ratios(), Unit.RATIO)
					.withAim(Aim.atLeast(AIM_RATIO, Unit.RATIO)));
		results.add(Result
			.of("P1", "ratio order-processor / plain EOS, polls of 50", "same round", small.ratios(), Unit.RATIO)
			.withAim(Aim.atLeast(AIM_RATIO, Unit.RATIO)));
		results.add(Result
			.of("P1", "ratio order-processor / plain EOS, polls of 500", "same round", large.ratios(), Unit.RATIO)
			.withAim(Aim.atLeast(AIM_RATIO, Unit.RATIO)));
		results.add(Result.of("P1", "ratio order-processor (polls of 50) / plain EOS per record", "same run",
				Samples.ratio(small.processor().rates(), perRecord.rates()), Unit.RATIO));
		for (Pair pair : List.of(atLeastOnce, small, large)) {
			String poll = pair.label();
			results.add(Result.of("P1", "CPU per order, plain loop's JVM, " + poll, setting, pair.plain().consumerCpu(),
					Unit.MICROSECONDS));
			results.add(Result.of("P1", "of which its JIT compiler", setting, pair.plain().consumerJit(),
					Unit.MICROSECONDS));
			results.add(Result.of("P1", "CPU per order, order-processor's JVM, " + poll, setting,
					pair.processor().consumerCpu(), Unit.MICROSECONDS));
			results.add(Result.of("P1", "of which its JIT compiler", setting, pair.processor().consumerJit(),
					Unit.MICROSECONDS));
			results.add(Result.of("P1", "CPU per order, broker, while the plain loop ran, " + poll, setting,
					pair.plain().brokerCpu(), Unit.MICROSECONDS));
			results.add(Result.of("P1", "CPU per order, broker, while order-processor ran, " + poll, setting,
					pair.processor().brokerCpu(), Unit.MICROSECONDS));
		}

		ChartSpec chart = new ChartSpec("p1-throughput.png", "P1: throughput on one pre-filled topic", "",
				"orders/s (committed)", false,
				List.of("ConsumerPerformance", "plain ALO/50", "order-processor ALO/50", "plain EOS/record",
						"plain EOS/50", "plain EOS/50, back-off 100", "order-processor/50", "plain EOS/500",
						"order-processor/500"),
				List.of(new ChartSpec.Series("median (logarithmic axis; the spread is in the table)",
						List.of(ceiling, atLeastOnce.plain().rates(), atLeastOnce.processor().rates(),
								perRecord.rates(), small.plain().rates(), perPollKafkaBackoff.rates(),
								small.processor().rates(), large.plain().rates(), large.processor().rates()))),
				true);
		List<String> notes = List.of(
				"Each consumer reads the same pre-filled topic from the start in its own new group, as its own JVM "
						+ "(-Xmx256m). Each measure is " + this.settings.repeat()
						+ " such JVMs, one after the other, each measured over one window of up to "
						+ seconds(this.settings.window()) + " after a " + seconds(this.settings.warmUp())
						+ " warm-up from its first commit; throughput is the rate of its committed offsets.",
				"order-processor and the plain loop it is compared with (the same guarantee, the same records per "
						+ "poll) take turns: in each round one runs right after the other, the plain loop first in "
						+ "odd rounds, order-processor first in even ones. Each round gives one ratio; the ratio's "
						+ "median and spread are those of the rounds.",
				"CPU per order: the CPU time of the consumer's JVM (all its threads, the JIT compiler and the "
						+ "garbage collector included) and of the broker during the window, over the orders "
						+ "committed in it. It depends far less than throughput on what else the machine runs. "
						+ "\"Of which its JIT compiler\": HotSpot's C1 and C2 compiler threads (from /proc): a JVM "
						+ "still compiling in its window has not reached its steady rate.",
				"ConsumerPerformance is run " + this.settings.repeat()
						+ " times: records/s while fetching (fetch.nMsg.sec), no decoding, no writes, no commits.",
				"The plain loop does order-processor's work: the same JSON deserializer, Bean Validation of Order, "
						+ "the key check, the business rules, a JSON OrderStatus sent with acks=all, and the same "
						+ "producer settings (retry.backoff.ms 10); once more with Kafka's default retry.backoff.ms "
						+ "(100), the sleep before retrying an offsets commit refused while the previous "
						+ "transaction's markers are still being written.",
				"Records per poll: " + SMALL_POLL + " is order-processor's default (max-poll-records), which keeps "
						+ "the time between polls short with slow per-order work; " + LARGE_POLL
						+ " (Kafka's default) shows what a larger transaction buys when the work is fast.",
				"At-least-once: the plain loop sends a poll's statuses, flushes, then commits the offsets "
						+ "(commitSync); order-processor with orders.processor.exactly-once=false waits for its "
						+ "statuses' acknowledgements, then its container commits the offsets (commitSync).");
		return new Section("P1", "Throughput: listener path vs plain loop", results, List.of(chart), notes);
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

	private Runs repeated(IntFunction<Optional<Run>> consumer) {
		List<Run> runs = new ArrayList<>();
		for (int round = 1; round <= this.settings.repeat(); round++) {
			consumer.apply(round).ifPresent(runs::add);
		}
		return new Runs(runs);
	}

	/**
	 * order-processor and the plain loop with the same guarantee and poll size, in turns:
	 * whatever the machine does slowly over minutes, both see it in each round.
	 */
	private Pair paired(PlainOrderLoop.Mode mode, int maxPollRecords) {
		List<Run> plain = new ArrayList<>();
		List<Run> processor = new ArrayList<>();
		List<Double> ratios = new ArrayList<>();
		for (int round = 1; round <= this.settings.repeat(); round++) {
			Optional<Run> plainRun;
			Optional<Run> processorRun;
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
		return new Pair(guarantee + ", polls of " + maxPollRecords, new Runs(plain), new Runs(processor),
				Samples.of(ratios));
	}

	private Optional<Run> plainLoop(PlainOrderLoop.Mode mode, int maxPollRecords, int retryBackoffMs, int round) {
		String name = "p1-plain-" + mode.argument() + "-" + maxPollRecords
				+ ((retryBackoffMs != PlainOrderLoop.RETRY_BACKOFF_MS) ? "-backoff-" + retryBackoffMs : "") + "-r"
				+ round;
		String group = "bench-" + name;
		JavaProcess loop = JavaProcess
			.mainClass(name, ProcessorReplica.HEAP, PlainOrderLoop.class.getName(),
					List.of(this.bed.bootstrapServers(), group, name, mode.argument(), PLAIN_STATUS_TOPIC,
							Integer.toString(maxPollRecords), Integer.toString(retryBackoffMs)),
					this.bed.logDirectory());
		try (loop) {
			loop.start();
			Optional<Run> run = measure(group, CpuUse.Role.PLAIN_LOOPS, () -> {
				if (!loop.isAlive()) {
					throw new IllegalStateException(name + " exited; see " + loop.log());
				}
			});
			logger.info("P1 plain loop {}, {} per poll, retry back-off {} ms, round {}: {}", mode.argument(),
					maxPollRecords, retryBackoffMs, round, run.map(Run::toString).orElse("no window"));
			return run;
		}
	}

	private Optional<Run> orderProcessor(PlainOrderLoop.Mode mode, int maxPollRecords, int round) {
		boolean exactlyOnce = mode != PlainOrderLoop.Mode.AT_LEAST_ONCE;
		String name = "p1-order-processor-" + (exactlyOnce ? "" : "at-least-once-") + maxPollRecords + "-r" + round;
		String group = "bench-" + name;
		ProcessorReplica.Membership membership = new ProcessorReplica.Membership(group, "classic", "cooperative-sticky",
				true, Duration.ofSeconds(10));
		try (ProcessorReplica replica = ProcessorReplica.create(this.bed, name, membership, Duration.ZERO, false,
				List.of("spring.kafka.consumer.max-poll-records=" + maxPollRecords,
						"orders.processor.exactly-once=" + exactlyOnce))
			.start()) {
			Optional<Run> run = measure(group, CpuUse.Role.REPLICAS, replica::requireAlive);
			logger.info("P1 order-processor, {}, {} per poll, round {}: {}", exactlyOnce ? "EOS" : "at-least-once",
					maxPollRecords, round, run.map(Run::toString).orElse("no window"));
			return run;
		}
	}

	private Optional<Run> measure(String group, CpuUse.Role consumer, Runnable alive) {
		List<ConsumptionRate.Window> windows = ConsumptionRate.windows(this.probe, group, this.settings.backlog(),
				this.settings.warmUp(), this.settings.window(), 1, alive);
		return windows.stream()
			.findFirst()
			.map((window) -> new Run(window.rate(), window.cpuMicrosPerRecord(consumer),
					window.jitMicrosPerRecord(consumer), window.cpuMicrosPerRecord(CpuUse.Role.BROKERS)));
	}

	private static String seconds(Duration duration) {
		return duration.toSeconds() + " s";
	}

	/**
	 * One consumer JVM's measured window.
	 *
	 * @param rate orders per second committed
	 * @param consumerCpu the consumer JVM's CPU per order, in microseconds
	 * @param consumerJit of which its JIT compiler threads', in microseconds
	 * @param brokerCpu the broker's CPU per order, in microseconds
	 */
	record Run(double rate, double consumerCpu, double consumerJit, double brokerCpu) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"%,.0f orders/s, CPU per order %.1f µs (consumer; JIT compiler %.1f µs), %.1f µs (broker)",
					this.rate, this.consumerCpu, this.consumerJit, this.brokerCpu);
		}

	}

	/**
	 * The repetitions of one measure.
	 */
	record Runs(List<Run> runs) {

		Samples rates() {
			return Samples.of(this.runs.stream().map(Run::rate).toList());
		}

		Samples consumerCpu() {
			return known(Run::consumerCpu);
		}

		Samples consumerJit() {
			return known(Run::consumerJit);
		}

		Samples brokerCpu() {
			return known(Run::brokerCpu);
		}

		/** A CPU figure is unknown where /proc is missing, or a window had no records. */
		private Samples known(ToDoubleFunction<Run> figure) {
			return Samples.of(this.runs.stream().mapToDouble(figure).filter((value) -> !Double.isNaN(value)).toArray());
		}

	}

	/**
	 * order-processor and the plain loop with the same guarantee and poll size, and the
	 * ratio of their throughputs in each round.
	 *
	 * @param label the guarantee and the poll size, e.g. {@code EOS, polls of 50}
	 * @param plain the plain loop's runs
	 * @param processor order-processor's runs
	 * @param ratios order-processor's rate over the plain loop's, per round
	 */
	record Pair(String label, Runs plain, Runs processor, Samples ratios) {

	}

}
