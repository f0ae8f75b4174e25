package io.consumergroups.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.consumergroups.benchmarks.harness.BenchOrders;
import io.consumergroups.benchmarks.harness.ClusterProbe;
import io.consumergroups.benchmarks.harness.LoadSampler;
import io.consumergroups.benchmarks.harness.MachineFacts;
import io.consumergroups.benchmarks.harness.ProcessorLauncher;
import io.consumergroups.benchmarks.harness.TestBed;
import io.consumergroups.benchmarks.latency.LatencyBenchmark;
import io.consumergroups.benchmarks.rebalance.RebalanceBenchmark;
import io.consumergroups.benchmarks.report.ResultTable;
import io.consumergroups.benchmarks.report.RunReport;
import io.consumergroups.benchmarks.report.Section;
import io.consumergroups.benchmarks.scaling.ScalingBenchmark;
import io.consumergroups.benchmarks.throughput.ThroughputBenchmark;
import io.consumergroups.events.Topics;
import io.consumergroups.kafkalocal.LocalKafkaCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code ./benchmarks/bench} runs: a local cluster of real brokers, the benchmarks
 * P1 to P5 against it, then the results table on standard output and the report with its
 * charts in {@code docs/benchmarks/}.
 */
public final class Benchmarks {

	private static final Logger logger = LoggerFactory.getLogger(Benchmarks.class);

	private static final String REPORT = "latest-run.md";

	private Benchmarks() {
	}

	public static void main(String[] args) {
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("Error: " + ex.getMessage());
			System.err.println(BenchmarkOptions.USAGE);
			System.exit(2);
			return;
		}
		if (options.help()) {
			System.out.println(BenchmarkOptions.USAGE);
			return;
		}
		RunReport report = run(options);
		System.out.println(ResultTable.markdown(report.results()));
		Path written = report.write(options.outputDirectory(), REPORT);
		System.out.println("Report and charts: " + written.toAbsolutePath().getParent() + " (" + REPORT + ")");
		List<String> failed = report.sections()
			.stream()
			.filter((section) -> section.results().isEmpty())
			.map(Section::id)
			.toList();
		if (!failed.isEmpty()) {
			System.err.println("Not measured: " + String.join(", ", failed) + " (the log above says why)");
		}
		// Clients' and the cluster's non-daemon threads must not keep the JVM alive
		System.exit(failed.isEmpty() ? 0 : 1);
	}

	static RunReport run(BenchmarkOptions options) {
		Instant started = Instant.now();
		ProcessorLauncher processor = new ProcessorLauncher(
				Path.of(System.getProperty("bench.processor-jar", "benchmarks/target/services/order-processor.jar")),
				Path.of(System.getProperty("bench.processor-cache", "benchmarks/target/services/order-processor")));
		Path logs = Path.of(System.getProperty("bench.logs", "benchmarks/target/bench-logs"))
			.resolve(started.toString().replace(':', '-'));
		List<Section> sections = new ArrayList<>();
		try (LoadSampler load = LoadSampler.start()) {
			if (options.runs("P1") || options.runs("P2") || options.runs("P3") || options.runs("P4")) {
				onOneBroker(options, processor, logs, sections);
			}
			if (options.runs("P5")) {
				onLatencyCluster(options, processor, logs, sections);
			}
			return new RunReport(System.getProperty("bench.command", "./benchmarks/bench"), started,
					Duration.between(started, Instant.now()), MachineFacts.collect(), load.samples(), sections);
		}
	}

	private static void onOneBroker(BenchmarkOptions options, ProcessorLauncher processor, Path logs,
			List<Section> sections) {
		logger.info("Starting a 1-broker cluster for {}", options.measures());
		try (LocalKafkaCluster cluster = LocalKafkaCluster.builder().nodes(1).start();
				ClusterProbe probe = new ClusterProbe(cluster.bootstrapServers())) {
			TestBed bed = new TestBed(cluster.bootstrapServers(), 1, processor, logs);
			probe.createTopic(Topics.ORDERS, 6);
			processor.prepare(bed.bootstrapServers(), logs);
			if (options.runs("P1") || options.runs("P2")) {
				logger.info("Pre-filling {} with {} orders", Topics.ORDERS, options.settings().backlog());
				BenchOrders.backfill(bed.clientSettings(), "backlog-", options.settings().backlog());
			}
			if (options.runs("P1")) {
				sections.add(guarded("P1", "Throughput",
						() -> new ThroughputBenchmark(bed, probe, options.settings()).run()));
			}
			if (options.runs("P2")) {
				sections.add(guarded("P2", "Scaling curve",
						() -> new ScalingBenchmark(bed, probe, options.settings()).run()));
			}
			if (options.runs("P3") || options.runs("P4")) {
				sections.addAll(
						new RebalanceBenchmark(bed, probe, options.settings(), options.runs("P3"), options.runs("P4"))
							.run());
			}
		}
	}

	private static void onLatencyCluster(BenchmarkOptions options, ProcessorLauncher processor, Path logs,
			List<Section> sections) {
		logger.info("Starting a {}-broker cluster for P5", options.latencyBrokers());
		try (LocalKafkaCluster cluster = LocalKafkaCluster.builder().nodes(options.latencyBrokers()).start();
				ClusterProbe probe = new ClusterProbe(cluster.bootstrapServers())) {
			TestBed bed = new TestBed(cluster.bootstrapServers(), options.latencyBrokers(), processor, logs);
			processor.prepare(bed.bootstrapServers(), logs);
			sections.add(guarded("P5", "End-to-end latency",
					() -> new LatencyBenchmark(bed, probe, options.settings()).run()));
		}
	}

	/**
	 * One benchmark that fails does not take the others' results with it: its section
	 * says what went wrong.
	 */
	private static Section guarded(String id, String title, Supplier<Section> benchmark) {
		logger.info("Running {}: {}", id, title);
		try {
			return benchmark.get();
		}
		catch (RuntimeException ex) {
			logger.error("{} failed", id, ex);
			return new Section(id, title, List.of(), List.of(), List.of("Not measured: " + ex));
		}
	}

}
