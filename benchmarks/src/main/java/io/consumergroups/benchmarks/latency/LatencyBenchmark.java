package io.consumergroups.benchmarks.latency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.consumergroups.benchmarks.harness.BenchOrders;
import io.consumergroups.benchmarks.harness.ClusterProbe;
import io.consumergroups.benchmarks.harness.CpuUse;
import io.consumergroups.benchmarks.harness.KafkaPerformanceTools;
import io.consumergroups.benchmarks.harness.KafkaPerformanceTools.ProducerSummary;
import io.consumergroups.benchmarks.harness.Pause;
import io.consumergroups.benchmarks.harness.ProcessorReplica;
import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.harness.StatusRecorder;
import io.consumergroups.benchmarks.harness.StatusRecorder.ObservedStatus;
import io.consumergroups.benchmarks.harness.TestBed;
import io.consumergroups.benchmarks.report.Section;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderSeries;
import io.consumergroups.harness.orders.SteadyOrders;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * P5: end-to-end latency of an order through the group, from the moment it is sent
 * ({@code Order.createdAt}, stamped just before {@code send}) to the moment its status is
 * received by a {@code read_committed} consumer of {@code order-status}, i.e. once the
 * processing transaction is committed. Beside it, in the same run on the same cluster,
 * Kafka's ProducerPerformance at the same rate with {@code acks=all} and the same
 * payloads: what the first hop alone costs. This class runs the groups and measures;
 * {@link LatencyReport} writes what they measured.
 */
public final class LatencyBenchmark {

	static final String PERF_TOPIC = "bench.producer-performance";

	/**
	 * The start of each run that is left out, and ProducerPerformance's warm-up beside
	 * it.
	 */
	static final Duration WARM_UP = Duration.ofSeconds(2);

	private static final Logger logger = LoggerFactory.getLogger(LatencyBenchmark.class);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	/** How long, and at what rate, a new group is warmed up before its first run. */
	private static final Duration GROUP_WARM_UP = Duration.ofSeconds(20);

	/**
	 * The first group also warms the brokers' transactional paths up (coordinators,
	 * markers), which producing to them does not.
	 */
	private static final Duration FIRST_GROUP_WARM_UP = Duration.ofSeconds(60);

	private static final int WARM_UP_RATE = 200;

	/** How long the fresh cluster is produced to before anything is measured. */
	private static final Duration BROKER_WARM_UP = Duration.ofSeconds(45);

	private static final double[] PERCENTILES = { 50, 99, 99.9 };

	/**
	 * order-processor as it ships; then with Kafka's default retry back-off, which its
	 * configuration lowers; then with the throughput setting P1 measures beside its
	 * default.
	 */
	static final List<Variant> VARIANTS = List.of(new Variant("polls-50", "polls of 50 (default)", List.of()),
			new Variant("polls-50-backoff-100", "polls of 50, retry back-off 100 ms (Kafka's default)",
					List.of("spring.kafka.producer.properties.retry.backoff.ms="
							+ CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MS)),
			new Variant("polls-500", "polls of 500", List.of("spring.kafka.consumer.max-poll-records=500")));

	private final TestBed bed;

	private final ClusterProbe probe;

	private final RunSettings settings;

	public LatencyBenchmark(TestBed bed, ClusterProbe probe, RunSettings settings) {
		this.bed = bed;
		this.probe = probe;
		this.settings = settings;
	}

	/**
	 * Run P5 on a fresh cluster, once per poll size.
	 * @return the section of the report
	 */
	public Section run() {
		this.probe.createTopic(Topics.ORDERS, 6);
		this.probe.createTopic(Topics.ORDER_STATUS, 6);
		this.probe.createTopic(PERF_TOPIC, 6);
		Path payloads = payloadFile();
		Map<Variant, Map<Integer, RateMeasurements>> byVariant = new LinkedHashMap<>();
		try (StatusRecorder recorder = StatusRecorder.start(this.bed.bootstrapServers())) {
			KafkaPerformanceTools tools = new KafkaPerformanceTools(this.bed);
			warmUpBrokers(tools, payloads);
			for (Variant variant : VARIANTS) {
				Duration warmUp = byVariant.isEmpty() ? FIRST_GROUP_WARM_UP : GROUP_WARM_UP;
				byVariant.put(variant, runGroup(recorder, tools, payloads, variant, warmUp));
			}
		}
		return new LatencyReport(this.settings, this.bed.brokers()).section(byVariant);
	}

	private Map<Integer, RateMeasurements> runGroup(StatusRecorder recorder, KafkaPerformanceTools tools, Path payloads,
			Variant variant, Duration warmUp) {
		ProcessorReplica.Membership membership = new ProcessorReplica.Membership("bench-p5-" + variant.id(), "classic",
				"cooperative-sticky", true, Duration.ofSeconds(10));
		List<ProcessorReplica> replicas = new ArrayList<>();
		Map<Integer, RateMeasurements> byRate = new LinkedHashMap<>();
		try {
			// The group starts where orders end: what an earlier group's runs left
			// there is not this group's to drain
			this.probe.truncate(Topics.ORDERS);
			for (int i = 1; i <= 3; i++) {
				replicas.add(ProcessorReplica.create(this.bed, "p5-" + variant.id() + "-m" + i, membership,
						Duration.ZERO, false, variant.properties()));
			}
			replicas.forEach(ProcessorReplica::start);
			this.probe.awaitGroup(membership.groupId(), Topics.ORDERS,
					(group) -> group.isStableWith(3, 6) && group.idleMembers() == 0, Duration.ofMinutes(3), replicas);
			warmUp(recorder, variant, warmUp);
			for (int rate : this.settings.latencyRates()) {
				RateMeasurements result = new RateMeasurements();
				byRate.put(rate, result);
				for (int rep = 1; rep <= this.settings.repeat(); rep++) {
					replicas.forEach(ProcessorReplica::requireAlive);
					endToEnd(recorder, variant, rate, rep, result);
					producerPerformance(tools, payloads, variant, rate, rep, result);
					if (result.undelivered > 0) {
						// Saturated: the next repetition would start behind
						// this one's backlog
						break;
					}
				}
			}
		}
		finally {
			ProcessorReplica.stopAll(replicas);
		}
		return byRate;
	}

	/**
	 * The brokers are fresh JVMs too: for minutes after their start, their compiler
	 * threads take a good share of the cores. Produce to them at the highest rate
	 * measured first.
	 */
	private void warmUpBrokers(KafkaPerformanceTools tools, Path payloads) {
		int rate = this.settings.latencyRates().stream().mapToInt(Integer::intValue).max().orElse(2000);
		ProducerSummary summary = tools.producerPerformance("p5-warm-up-brokers", PERF_TOPIC, rate,
				rate * BROKER_WARM_UP.toSeconds(), 0, payloads);
		logger.info("P5 brokers warmed up: {}", summary);
	}

	/**
	 * Fresh replica JVMs compile their hot paths for the first tens of seconds under
	 * load, on the same cores as the brokers: measured then, even 20 orders/s would show
	 * the compiler. Warm up at a rate every poll size sustains, then let the compiler
	 * settle.
	 */
	private void warmUp(StatusRecorder recorder, Variant variant, Duration duration) {
		try (SteadyOrders orders = stamped("p5-" + variant.id() + "-warm-", WARM_UP_RATE)) {
			Pause.of(duration);
			orders.stop();
			Set<String> sent = orders.sentAt().keySet();
			if (!recorder.await((statuses) -> StatusTimes.received(statuses).keySet().containsAll(sent),
					Duration.ofSeconds(90))) {
				throw new IllegalStateException(
						"The group did not process its " + sent.size() + " warm-up orders within 90 s");
			}
		}
		Pause.of(Duration.ofSeconds(5));
	}

	private void endToEnd(StatusRecorder recorder, Variant variant, int rate, int rep, RateMeasurements result) {
		Map<String, Long> sentAt;
		Set<String> allSent;
		long measuredFrom;
		long runEnd;
		CpuUse.Interval cpu;
		try (SteadyOrders orders = stamped("p5-" + variant.id() + "-" + rate + "-" + rep + "-", rate)) {
			measuredFrom = StatusRecorder.epochMicros(Instant.now().plus(WARM_UP));
			Pause.of(WARM_UP);
			CpuUse.Snapshot cpuFrom = CpuUse.take();
			Pause.of(this.settings.latencyRun().minus(WARM_UP));
			cpu = cpuFrom.until(CpuUse.take());
			orders.stop();
			runEnd = StatusRecorder.epochMicros(Instant.now());
			allSent = Set.copyOf(orders.sentAt().keySet());
			sentAt = orders.sentAt()
				.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> StatusRecorder.epochMicros(entry.getValue())));
			sentAt.values().removeIf((sent) -> sent < measuredFrom);
		}
		recorder.await((statuses) -> StatusTimes.received(statuses).keySet().containsAll(sentAt.keySet()),
				DRAIN_TIMEOUT);
		List<ObservedStatus> observed = recorder.observed();
		Map<String, Long> receivedAt = StatusTimes.received(observed);
		Map<String, Long> processedAt = StatusTimes.processed(observed);
		long now = StatusRecorder.epochMicros(Instant.now());
		List<Double> latencies = new ArrayList<>();
		List<Double> untilProcessed = new ArrayList<>();
		List<Double> untilVisible = new ArrayList<>();
		int undelivered = 0;
		for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
			Long received = receivedAt.get(sent.getKey());
			if (received == null) {
				// Not there yet: its latency is at least this
				undelivered++;
				received = now;
			}
			else {
				long processed = processedAt.get(sent.getKey());
				untilProcessed.add((processed - sent.getValue()) / 1000.0);
				untilVisible.add((received - processed) / 1000.0);
			}
			latencies.add((received - sent.getValue()) / 1000.0);
		}
		Samples samples = Samples.of(latencies);
		Samples processing = Samples.of(untilProcessed);
		Samples visibility = Samples.of(untilVisible);
		if (!processing.isEmpty()) {
			for (int i = 0; i < 2; i++) {
				result.untilProcessed.get(i).add(processing.percentile(PERCENTILES[i]));
				result.untilVisible.get(i).add(visibility.percentile(PERCENTILES[i]));
			}
		}
		result.machineCores.add(cpu.machine());
		cpu.byRole().forEach((role, cores) -> result.cores.get(role).add(cores));
		result.undelivered += undelivered;
		// How many statuses of this run's orders (warm-up included) were committed while
		// orders kept coming: the group's capacity when it cannot keep up
		long runStart = measuredFrom - WARM_UP.toNanos() / 1000;
		long processedInRun = allSent.stream()
			.filter((orderId) -> receivedAt.containsKey(orderId) && receivedAt.get(orderId) <= runEnd)
			.count();
		result.processedPerSecond.add(processedInRun / ((runEnd - runStart) / 1e6));
		for (int i = 0; i < PERCENTILES.length; i++) {
			result.endToEnd.get(i).add(samples.percentile(PERCENTILES[i]));
		}
		logger.info(
				"P5 end-to-end, {}, at {}/s, run {}: {} orders, p50 {} ms, p99 {} ms, p99.9 {} ms, " + "{} undelivered",
				variant.description(), rate, rep, samples.count(), samples.percentile(50), samples.percentile(99),
				samples.percentile(99.9), undelivered);
		logger.info(
				"P5 {}, at {}/s, run {}: send -> processed {}; processed -> visible {}; cores busy: "
						+ "machine {}, {}",
				variant.description(), rate, rep, describe(processing), describe(visibility), cpu.machine(),
				cpu.byRole());
	}

	/**
	 * Orders published from now on at a steady rate, each created when it is sent
	 * ({@code Order.createdAt}, where its latency starts) and its send time kept.
	 */
	private SteadyOrders stamped(String prefix, int perSecond) {
		return SteadyOrders.to(this.bed.clientSettings())
			.perSecond(perSecond)
			.orders(OrderSeries.stamped(prefix))
			.recordSendTimes()
			.start();
	}

	private void producerPerformance(KafkaPerformanceTools tools, Path payloads, Variant variant, int rate, int rep,
			RateMeasurements result) {
		long records = rate * this.settings.latencyRun().toSeconds();
		long warmup = rate * WARM_UP.toSeconds();
		ProducerSummary summary = tools.producerPerformance(
				"p5-producer-performance-" + variant.id() + "-" + rate + "-" + rep, PERF_TOPIC, rate, records, warmup,
				payloads);
		result.producer.get(0).add(summary.p50Millis());
		result.producer.get(1).add(summary.p99Millis());
		result.producer.get(2).add(summary.p999Millis());
		logger.info("P5 ProducerPerformance beside {}, at {}/s, run {}: {}", variant.description(), rate, rep, summary);
	}

	private static String describe(Samples samples) {
		return samples.isEmpty() ? "none" : String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms",
				samples.percentile(50), samples.percentile(99));
	}

	private Path payloadFile() {
		Path file = this.bed.logDirectory().resolve("orders.jsonl");
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, BenchOrders.jsonLines(1000));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
