package io.consumergroups.benchmarks.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.consumergroups.harness.process.JvmProcess;

/**
 * Kafka's own performance tools, {@code ProducerPerformance} and
 * {@code ConsumerPerformance} from {@code kafka-tools}, run as their own JVMs (as
 * {@code kafka-producer-perf-test.sh} and {@code kafka-consumer-perf-test.sh} would) on
 * the harness's classpath, and what they print: the reference figures the benchmarks put
 * beside their own.
 */
public final class KafkaPerformanceTools {

	private static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx256m");

	private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(3);

	// e.g. "8000 steady state records sent, 499.9 records/sec (0.16 MB/sec), 3.20 ms avg
	// latency, 150.00 ms max latency, 3 ms 50th, 5 ms 95th, 12 ms 99th, 80 ms 99.9th."
	private static final Pattern PRODUCER_SUMMARY = Pattern.compile("(\\d+)( steady state)? records sent, ([\\d.]+) "
			+ "records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, "
			+ "(\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

	private final TestBed bed;

	public KafkaPerformanceTools(TestBed bed) {
		this.bed = bed;
	}

	/**
	 * Run ConsumerPerformance: one consumer reads {@code records} records of a topic as
	 * raw bytes, from the earliest offset, in a new group.
	 * @param name a name for the log
	 * @param topic the topic
	 * @param records how many to read
	 * @param groupId a new group
	 * @return records per second while fetching (group join excluded)
	 */
	public double consumerPerformance(String name, String topic, long records, String groupId) {
		String output = run(name, "org.apache.kafka.tools.ConsumerPerformance",
				List.of("--bootstrap-server", this.bed.bootstrapServers(), "--topic", topic, "--num-records",
						Long.toString(records), "--group", groupId, "--timeout", "30000", "--hide-header"));
		return parseConsumerPerformance(output)
			.orElseThrow(() -> new IllegalStateException("ConsumerPerformance printed no result:\n" + output));
	}

	/**
	 * Run ProducerPerformance at a fixed rate with {@code acks=all} and order-producer's
	 * other settings, sending real order JSON.
	 * @param name a name for the log
	 * @param topic the topic
	 * @param perSecond the rate
	 * @param records how many
	 * @param warmupRecords how many first records to leave out of the steady-state
	 * figures
	 * @param payloadFile orders as JSON, one a line
	 * @return the steady-state summary
	 */
	public ProducerSummary producerPerformance(String name, String topic, int perSecond, long records,
			long warmupRecords, Path payloadFile) {
		List<String> arguments = new ArrayList<>(List.of("--bootstrap-server", this.bed.bootstrapServers(), "--topic",
				topic, "--num-records", Long.toString(records), "--throughput", Integer.toString(perSecond),
				"--payload-file", payloadFile.toString(), "--warmup-records", Long.toString(warmupRecords),
				"--command-property", "acks=all", "enable.idempotence=true", "linger.ms=5"));
		String output = run(name, "org.apache.kafka.tools.ProducerPerformance", arguments);
		return parseProducerPerformance(output)
			.orElseThrow(() -> new IllegalStateException("ProducerPerformance printed no summary:\n" + output));
	}

	private String run(String name, String mainClass, List<String> arguments) {
		JvmProcess tool = this.bed.mainClass(name, JVM_OPTIONS, mainClass, arguments);
		tool.start();
		if (!tool.awaitExit(TOOL_TIMEOUT)) {
			tool.kill();
			throw new IllegalStateException(mainClass + " did not finish in " + TOOL_TIMEOUT + "; see " + tool.log());
		}
		if (tool.exitCode() != 0) {
			throw new IllegalStateException(mainClass + " failed; see " + tool.log());
		}
		return tool.output();
	}

	/**
	 * The last result line of ConsumerPerformance with {@code --hide-header}:
	 * {@code start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg,
	 * nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec}.
	 * @param output what it printed
	 * @return {@code fetch.nMsg.sec}: records per second, the group join left out
	 */
	static Optional<Double> parseConsumerPerformance(String output) {
		Double result = null;
		for (String line : output.split("\\R")) {
			String[] fields = line.trim().split(",\\s*");
			if (fields.length == 10 && fields[4].matches("\\d+")) {
				result = Double.parseDouble(fields[9]);
			}
		}
		return Optional.ofNullable(result);
	}

	/**
	 * ProducerPerformance's summary: the steady-state one when it printed one (after
	 * {@code --warmup-records}), else the overall one.
	 * @param output what it printed
	 * @return the summary
	 */
	static Optional<ProducerSummary> parseProducerPerformance(String output) {
		ProducerSummary overall = null;
		ProducerSummary steady = null;
		Matcher matcher = PRODUCER_SUMMARY.matcher(output);
		while (matcher.find()) {
			ProducerSummary summary = new ProducerSummary(Long.parseLong(matcher.group(1)),
					Double.parseDouble(matcher.group(3)), Double.parseDouble(matcher.group(5)),
					Double.parseDouble(matcher.group(7)), Double.parseDouble(matcher.group(9)),
					Double.parseDouble(matcher.group(10)));
			if (matcher.group(2) != null) {
				steady = summary;
			}
			else {
				overall = summary;
			}
		}
		return Optional.ofNullable((steady != null) ? steady : overall);
	}

	/**
	 * What ProducerPerformance reports: send-to-acknowledgement latency.
	 *
	 * @param records how many records the figures cover
	 * @param recordsPerSecond the rate achieved
	 * @param averageMillis mean latency
	 * @param p50Millis median
	 * @param p99Millis 99th percentile
	 * @param p999Millis 99.9th percentile
	 */
	public record ProducerSummary(long records, double recordsPerSecond, double averageMillis, double p50Millis,
			double p99Millis, double p999Millis) {

	}

}
