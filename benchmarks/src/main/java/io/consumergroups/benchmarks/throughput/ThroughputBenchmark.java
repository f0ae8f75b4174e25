package io.consumergroups.benchmarks.throughput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.consumergroups.benchmarks.harness.ClusterProbe;
import io.consumergroups.benchmarks.harness.ConsumptionRate;
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
 * order-processor always runs in a Kafka transaction (its YAML sets a transaction id
 * prefix; an empty prefix still makes Spring create a transactional producer), so it is
 * compared exactly-once to exactly-once. Its batch listener gets one transaction per poll
 * from the container, as the plain loop it is compared with; the plain loop with one
 * transaction per record (what a record listener in a transactional container gets) shows
 * what that unit costs.
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
		Samples atLeastOnce = plainLoop(PlainOrderLoop.Mode.AT_LEAST_ONCE, SMALL_POLL, backlog);
		Samples perPoll = plainLoop(PlainOrderLoop.Mode.EOS_PER_POLL, SMALL_POLL, backlog);
		Samples perPollKafkaBackoff = plainLoop(PlainOrderLoop.Mode.EOS_PER_POLL, SMALL_POLL, backlog,
				CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MS.intValue());
		Samples perRecord = plainLoop(PlainOrderLoop.Mode.EOS_PER_RECORD, SMALL_POLL, backlog);
		Samples processor = orderProcessor(SMALL_POLL, backlog);
		Samples perLargePoll = plainLoop(PlainOrderLoop.Mode.EOS_PER_POLL, LARGE_POLL, backlog);
		Samples processorLargePoll = orderProcessor(LARGE_POLL, backlog);

		List<Result> results = new ArrayList<>();
		results.add(Result.of("P1", "Kafka ConsumerPerformance (raw bytes: the ceiling)", setting, ceiling,
				Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "plain loop, at-least-once (flush, commitSync per poll of 50)", setting,
				atLeastOnce, Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "plain loop, EOS, a transaction per record", setting, perRecord,
				Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "plain loop, EOS, a transaction per poll of 50", setting, perPoll,
				Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1",
				"plain loop, EOS, a transaction per poll of 50, retry back-off 100 ms (Kafka's default)", setting,
				perPollKafkaBackoff, Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "order-processor, EOS, a transaction per poll of 50 (its default)", setting,
				processor, Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "plain loop, EOS, a transaction per poll of 500", setting, perLargePoll,
				Unit.ORDERS_PER_SECOND));
		results.add(Result.of("P1", "order-processor, EOS, a transaction per poll of 500", setting, processorLargePoll,
				Unit.ORDERS_PER_SECOND));
		results.add(
				Result
					.of("P1", "ratio order-processor / plain EOS, polls of 50", "same run", ratio(processor, perPoll),
							Unit.RATIO)
					.withAim(Aim.atLeast(AIM_RATIO, Unit.RATIO)));
		results
			.add(Result
				.of("P1", "ratio order-processor / plain EOS, polls of 500", "same run",
						ratio(processorLargePoll, perLargePoll), Unit.RATIO)
				.withAim(Aim.atLeast(AIM_RATIO, Unit.RATIO)));
		results.add(Result.of("P1", "ratio order-processor (polls of 50) / plain EOS per record", "same run",
				ratio(processor, perRecord), Unit.RATIO));

		ChartSpec chart = new ChartSpec("p1-throughput.png", "P1: throughput on one pre-filled topic", "",
				"orders/s (committed)", false,
				List.of("ConsumerPerformance", "plain ALO/50", "plain EOS/record", "plain EOS/50",
						"plain EOS/50, back-off 100", "order-processor/50", "plain EOS/500", "order-processor/500"),
				List.of(new ChartSpec.Series("median (logarithmic axis; the spread is in the table)",
						List.of(ceiling, atLeastOnce, perRecord, perPoll, perPollKafkaBackoff, processor, perLargePoll,
								processorLargePoll))),
				true);
		List<String> notes = List.of(
				"Each consumer reads the same pre-filled topic from the start in its own new group, as its own JVM "
						+ "(-Xmx256m), one after the other; throughput is the rate of its committed offsets over "
						+ this.settings.repeat() + " consecutive windows of up to " + seconds(this.settings.window())
						+ " after a " + seconds(this.settings.warmUp()) + " warm-up from its first commit.",
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
				"order-processor cannot run at-least-once without a code change: with "
						+ "--spring.kafka.producer.transaction-id-prefix= (empty) Spring Boot still creates a "
						+ "transaction manager and a transactional producer (verified: __transaction_state appears), "
						+ "so the at-least-once loop has no order-processor counterpart.");
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

	private Samples plainLoop(PlainOrderLoop.Mode mode, int maxPollRecords, int backlog) {
		return plainLoop(mode, maxPollRecords, backlog, PlainOrderLoop.RETRY_BACKOFF_MS);
	}

	private Samples plainLoop(PlainOrderLoop.Mode mode, int maxPollRecords, int backlog, int retryBackoffMs) {
		String name = "p1-plain-" + mode.argument() + "-" + maxPollRecords
				+ ((retryBackoffMs != PlainOrderLoop.RETRY_BACKOFF_MS) ? "-backoff-" + retryBackoffMs : "");
		String group = "bench-" + name;
		JavaProcess loop = JavaProcess
			.mainClass(name, ProcessorReplica.HEAP, PlainOrderLoop.class.getName(),
					List.of(this.bed.bootstrapServers(), group, name, mode.argument(), PLAIN_STATUS_TOPIC,
							Integer.toString(maxPollRecords), Integer.toString(retryBackoffMs)),
					this.bed.logDirectory());
		try (loop) {
			loop.start();
			Samples rates = measure(group, backlog, () -> {
				if (!loop.isAlive()) {
					throw new IllegalStateException(name + " exited; see " + loop.log());
				}
			});
			logger.info("P1 plain loop {}, {} per poll, retry back-off {} ms: {} records/s", mode.argument(),
					maxPollRecords, retryBackoffMs, rates);
			return rates;
		}
	}

	private Samples orderProcessor(int maxPollRecords, int backlog) {
		String name = "p1-order-processor-" + maxPollRecords;
		String group = "bench-" + name;
		ProcessorReplica.Membership membership = new ProcessorReplica.Membership(group, "classic", "cooperative-sticky",
				true, Duration.ofSeconds(10));
		try (ProcessorReplica replica = ProcessorReplica
			.create(this.bed, name, membership, Duration.ZERO, false,
					List.of("spring.kafka.consumer.max-poll-records=" + maxPollRecords))
			.start()) {
			Samples rates = measure(group, backlog, replica::requireAlive);
			logger.info("P1 order-processor, {} per poll: {} records/s", maxPollRecords, rates);
			return rates;
		}
	}

	private Samples measure(String group, int backlog, Runnable alive) {
		return ConsumptionRate.measure(this.probe, group, backlog, this.settings.warmUp(), this.settings.window(),
				this.settings.repeat(), alive);
	}

	/**
	 * The ratio of two consumers' throughputs: the ratio of their medians, spread from
	 * the least favourable pairing (the numerator's slowest window over the denominator's
	 * fastest) to the most favourable. They ran one after the other on the same topic, so
	 * no window of one belongs with a window of the other.
	 */
	static Samples ratio(Samples numerator, Samples denominator) {
		if (numerator.isEmpty() || denominator.isEmpty()) {
			return Samples.none();
		}
		return Samples.of(numerator.min() / denominator.max(), numerator.median() / denominator.median(),
				numerator.max() / denominator.min());
	}

	private static String seconds(Duration duration) {
		return duration.toSeconds() + " s";
	}

}
