package io.consumergroups.benchmarks.latency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
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
import io.consumergroups.benchmarks.harness.OrderLoad;
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
 * P5: end-to-end latency of an order through the group, from the moment it is sent
 * ({@code Order.createdAt}, stamped just before {@code send}) to the moment its status is
 * received by a {@code read_committed} consumer of {@code order-status}, i.e. once the
 * processing transaction is committed. Beside it, in the same run on the same cluster,
 * Kafka's ProducerPerformance at the same rate with {@code acks=all} and the same
 * payloads: what the first hop alone costs.
 */
public final class LatencyBenchmark {

	static final String PERF_TOPIC = "bench.producer-performance";

	private static final Logger logger = LoggerFactory.getLogger(LatencyBenchmark.class);

	private static final Duration WARM_UP = Duration.ofSeconds(2);

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

	private static final double AIM_RATIO = 3;

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
		Map<Variant, Map<Integer, RateResult>> byVariant = new LinkedHashMap<>();
		try (StatusRecorder recorder = StatusRecorder.start(this.bed.bootstrapServers())) {
			KafkaPerformanceTools tools = new KafkaPerformanceTools(this.bed);
			warmUpBrokers(tools, payloads);
			for (Variant variant : VARIANTS) {
				Duration warmUp = byVariant.isEmpty() ? FIRST_GROUP_WARM_UP : GROUP_WARM_UP;
				byVariant.put(variant, runGroup(recorder, tools, payloads, variant, warmUp));
			}
		}
		return section(byVariant);
	}

	private Map<Integer, RateResult> runGroup(StatusRecorder recorder, KafkaPerformanceTools tools, Path payloads,
			Variant variant, Duration warmUp) {
		ProcessorReplica.Membership membership = new ProcessorReplica.Membership("bench-p5-" + variant.id(), "classic",
				"cooperative-sticky", true, Duration.ofSeconds(10));
		List<ProcessorReplica> replicas = new ArrayList<>();
		Map<Integer, RateResult> byRate = new LinkedHashMap<>();
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
				RateResult result = new RateResult();
				byRate.put(rate, result);
				for (int rep = 1; rep <= this.settings.repeat(); rep++) {
					replicas.forEach(ProcessorReplica::requireAlive);
					endToEnd(recorder, variant, rate, rep, result);
					producerPerformance(tools, payloads, variant, rate, rep, result);
					if (result.undelivered > 0) {
						// Saturated: the next repetition would start behind this one's
						// backlog
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
		try (OrderLoad orders = OrderLoad.start(this.bed.bootstrapServers(), "p5-" + variant.id() + "-warm-",
				WARM_UP_RATE)) {
			Pause.of(duration);
			orders.stop();
			Set<String> sent = orders.sentAtMicros().keySet();
			if (!recorder.await((statuses) -> received(statuses).keySet().containsAll(sent), Duration.ofSeconds(90))) {
				throw new IllegalStateException(
						"The group did not process its " + sent.size() + " warm-up orders within 90 s");
			}
		}
		Pause.of(Duration.ofSeconds(5));
	}

	private void endToEnd(StatusRecorder recorder, Variant variant, int rate, int rep, RateResult result) {
		Map<String, Long> sentAt;
		Set<String> allSent;
		long measuredFrom;
		long runEnd;
		CpuUse.Interval cpu;
		try (OrderLoad orders = OrderLoad.start(this.bed.bootstrapServers(),
				"p5-" + variant.id() + "-" + rate + "-" + rep + "-", rate)) {
			measuredFrom = StatusRecorder.epochMicros(Instant.now().plus(WARM_UP));
			Pause.of(WARM_UP);
			CpuUse.Snapshot cpuFrom = CpuUse.take();
			Pause.of(this.settings.latencyRun().minus(WARM_UP));
			cpu = cpuFrom.until(CpuUse.take());
			orders.stop();
			runEnd = StatusRecorder.epochMicros(Instant.now());
			allSent = Set.copyOf(orders.sentAtMicros().keySet());
			sentAt = orders.sentAtMicros()
				.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() >= measuredFrom)
				.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		}
		recorder.await((statuses) -> received(statuses).keySet().containsAll(sentAt.keySet()), DRAIN_TIMEOUT);
		List<ObservedStatus> observed = recorder.observed();
		Map<String, Long> receivedAt = received(observed);
		Map<String, Long> processedAt = processed(observed);
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

	private void producerPerformance(KafkaPerformanceTools tools, Path payloads, Variant variant, int rate, int rep,
			RateResult result) {
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

	/**
	 * When each order was processed ({@code OrderStatus.processedAt}, the replica's clock
	 * on the same machine), by the first status received for it.
	 */
	private static Map<String, Long> processed(List<ObservedStatus> statuses) {
		Map<String, Long> processed = new HashMap<>();
		for (ObservedStatus observed : statuses) {
			processed.putIfAbsent(observed.status().orderId(),
					StatusRecorder.epochMicros(observed.status().processedAt()));
		}
		return processed;
	}

	private static Map<String, Long> received(List<ObservedStatus> statuses) {
		Map<String, Long> received = new HashMap<>();
		for (ObservedStatus observed : statuses) {
			received.putIfAbsent(observed.status().orderId(), observed.receivedAtMicros());
		}
		return received;
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

	private Section section(Map<Variant, Map<Integer, RateResult>> byVariant) {
		List<Result> results = new ArrayList<>();
		String[] names = { "p50", "p99", "p99.9" };
		byVariant.forEach((variant, byRate) -> byRate.forEach((rate, result) -> {
			String setting = String.format(Locale.ROOT, "%,d orders/s, 3 replicas, %s, %d broker%s", rate,
					variant.description(), this.bed.brokers(), (this.bed.brokers() > 1) ? "s" : "");
			for (int i = 0; i < names.length; i++) {
				results.add(Result.of("P5", "end-to-end " + names[i] + " (send → committed status read)", setting,
						Samples.of(result.endToEnd.get(i)), Unit.MILLISECONDS));
			}
			for (int i = 0; i < names.length; i++) {
				results.add(Result.of("P5", "ProducerPerformance " + names[i] + " (send → ack, acks=all)", setting,
						Samples.of(result.producer.get(i)), Unit.MILLISECONDS));
			}
			results.add(Result
				.of("P5", "ratio end-to-end p99 / producer p99", setting,
						ratio(result.endToEnd.get(1), result.producer.get(1)), Unit.RATIO)
				.withAim(Aim.atMost(AIM_RATIO, Unit.RATIO)));
			results.add(Result.of("P5", "statuses committed during the run", setting,
					Samples.of(result.processedPerSecond), Unit.ORDERS_PER_SECOND));
			for (int i = 0; i < 2; i++) {
				results.add(Result.of("P5", "send → processed " + names[i] + " (waiting for a poll, and the poll)",
						setting, Samples.of(result.untilProcessed.get(i)), Unit.MILLISECONDS));
			}
			for (int i = 0; i < 2; i++) {
				results.add(Result.of("P5",
						"processed → status read " + names[i] + " (rest of the poll, offsets, commit, read)", setting,
						Samples.of(result.untilVisible.get(i)), Unit.MILLISECONDS));
			}
			results.add(Result.of("P5",
					String.format(Locale.ROOT, "CPU in use, whole machine (of %d cores)", CpuUse.Interval.cores()),
					setting, Samples.of(result.machineCores.stream().filter((cores) -> !cores.isNaN()).toList()),
					Unit.CORES));
			result.cores.forEach((role, cores) -> {
				// Kafka's tools run between measurements, not during them
				if (cores.stream().anyMatch((used) -> used > 0)) {
					results.add(Result.of("P5", "CPU in use, " + role.description(), setting, Samples.of(cores),
							Unit.CORES));
				}
			});
			if (result.undelivered > 0) {
				results.add(Result.of("P5", "orders not processed within 30 s after the run (saturated)", setting,
						Samples.of(result.undelivered), Unit.COUNT));
			}
		}));
		List<Integer> rates = this.settings.latencyRates();
		List<String> categories = rates.stream().map((rate) -> String.format(Locale.ROOT, "%,d/s", rate)).toList();
		List<ChartSpec.Series> series = new ArrayList<>();
		byVariant.forEach((variant, byRate) -> {
			series.add(new ChartSpec.Series("end-to-end p50, " + variant.description(),
					perRate(rates, byRate, (result) -> result.endToEnd.get(0))));
			series.add(new ChartSpec.Series("end-to-end p99, " + variant.description(),
					perRate(rates, byRate, (result) -> result.endToEnd.get(1))));
		});
		series.add(new ChartSpec.Series("ProducerPerformance p50",
				perRate(rates, byVariant.values(), (result) -> result.producer.get(0))));
		series.add(new ChartSpec.Series("ProducerPerformance p99",
				perRate(rates, byVariant.values(), (result) -> result.producer.get(1))));
		ChartSpec chart = new ChartSpec("p5-latency.png", "P5: end-to-end latency vs the producer's own", "rate",
				"ms (logarithmic axis)", false, categories, series, true);
		List<String> notes = List.of(String.format(Locale.ROOT,
				"Each run publishes for %d s at the rate (keyed by customer, idempotent, acks=all, linger 5 ms, as "
						+ "order-producer); the first %d s are left out. Percentiles are nearest-rank over every "
						+ "order of a run; the table gives their median over %d run(s).",
				this.settings.latencyRun().toSeconds(), WARM_UP.toSeconds(), this.settings.repeat()),
				"ProducerPerformance runs right after each end-to-end run, on the same cluster, at the same rate, "
						+ "sending the same order JSON (--payload-file) to a topic of its own, with "
						+ "--warmup-records for the same warm-up; its latency is send → acknowledgement.",
				"Three replicas of order-processor (classic, cooperative-sticky, static), EOS: an order's status "
						+ "becomes visible when its poll's transaction commits. They run three times, each time as "
						+ "a group of its own: as order-processor ships (max-poll-records 50, the producer's "
						+ "retry.backoff.ms 10); with retry.backoff.ms 100, Kafka's default, the sleep before "
						+ "retrying an offsets commit refused while the previous transaction's markers are still "
						+ "being written; and with max-poll-records 500 (as in P1), which lets a transaction carry "
						+ "more records when they queue.",
				"Orders still without a status 30 s after a run count with the time waited so far (a lower bound), "
						+ "and the rate's remaining repetitions are skipped: the group is saturated; 'statuses "
						+ "committed during the run' is then its capacity. Rates run in increasing order, so a "
						+ "saturated rate leaves its backlog only to higher ones.",
				"The fresh cluster is first produced to for 45 s by ProducerPerformance at the highest rate, and "
						+ "each group is warmed up at 200 orders/s, the first for 60 s (the brokers' transactional "
						+ "paths), the others for 20 s, so that the JVMs have compiled their hot paths before the "
						+ "first run. 'send → processed' and 'processed → status read' split "
						+ "each order's latency at OrderStatus.processedAt (the replica's clock, same machine). CPU "
						+ "in use is measured over each run after its warm-up: the machine's from /proc/stat, the "
						+ "harness's processes' from their CPU time.",
				"20 orders/s is not one of the aims' rates: it is a rate this group sustains on this machine, so "
						+ "that the end-to-end figure is a latency and not a queue.");
		return new Section("P5", "End-to-end latency", results, List.of(chart), notes);
	}

	private static List<Samples> perRate(List<Integer> rates, Map<Integer, RateResult> byRate,
			Function<RateResult, List<Double>> measure) {
		return perRate(rates, List.of(byRate), measure);
	}

	private static List<Samples> perRate(List<Integer> rates, Collection<Map<Integer, RateResult>> runs,
			Function<RateResult, List<Double>> measure) {
		return rates.stream()
			.map((rate) -> Samples.of(runs.stream()
				.map((byRate) -> byRate.get(rate))
				.filter(Objects::nonNull)
				.flatMap((result) -> measure.apply(result).stream())
				.toList()))
			.toList();
	}

	private static Samples ratio(List<Double> numerators, List<Double> denominators) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < Math.min(numerators.size(), denominators.size()); i++) {
			ratios.add(numerators.get(i) / Math.max(denominators.get(i), 1));
		}
		return Samples.of(ratios);
	}

	/**
	 * One way of running the group.
	 *
	 * @param id in the names of its group, replicas and logs
	 * @param description in the results table
	 * @param properties the replicas' Spring properties beside order-processor's own
	 */
	record Variant(String id, String description, List<String> properties) {
	}

	private static final class RateResult {

		final List<List<Double>> endToEnd = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

		final List<List<Double>> producer = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

		/** Send → processed ({@code processedAt}): p50, p99. */
		final List<List<Double>> untilProcessed = List.of(new ArrayList<>(), new ArrayList<>());

		/** Processed → status received by a read_committed consumer: p50, p99. */
		final List<List<Double>> untilVisible = List.of(new ArrayList<>(), new ArrayList<>());

		final List<Double> machineCores = new ArrayList<>();

		final Map<CpuUse.Role, List<Double>> cores = new EnumMap<>(CpuUse.Role.class);

		final List<Double> processedPerSecond = new ArrayList<>();

		RateResult() {
			for (CpuUse.Role role : CpuUse.Role.values()) {
				this.cores.put(role, new ArrayList<>());
			}
		}

		int undelivered;

	}

}
