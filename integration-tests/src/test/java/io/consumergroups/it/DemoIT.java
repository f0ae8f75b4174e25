package io.consumergroups.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.consumergroups.archive.archiving.ObjectKey;
import io.consumergroups.events.Topics;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's first command, run as a reader runs it: {@code ./demo} from the repository
 * root, with its own Kafka cluster and services as separate processes. It runs the jars
 * this build made ({@code DEMO_SKIP_BUILD=1}), and rewrites none of them. Each run starts
 * a new cluster, and with it fresh Kafka Streams state and an empty archive bucket.
 */
class DemoIT {

	/**
	 * Startup (about 30 s on 2 cores), the 45 s run, and the stop, with room to spare.
	 */
	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

	private static final Pattern SUMMARY = Pattern
		.compile("order-processors: 6 partitions over (\\d+) members? \\(([\\d, ]*)\\)");

	private static final Pattern ROW = Pattern.compile("\\s+orders-(\\d+)\\s+(\\S+)\\s+(\\S+)");

	private static final Pattern PID = Pattern.compile("\\bpid (\\d+)");

	/**
	 * Spring Kafka names a container's consumer after the replica plus {@code -<index>}:
	 * {@code order-processor-2-0} is replica {@code order-processor-2}.
	 */
	private static final Pattern REPLICA = Pattern.compile("(order-processor-\\d+)(-\\d+)?");

	/** What ./demo would build: its modules and what they depend on. */
	private static final List<String> DEMO_MODULES = List.of("order-events", "harness", "kafka-local", "order-producer",
			"order-processor", "notification-service", "analytics-service", "archive-service", "group-monitor",
			"demo-launcher");

	private final Path root = repositoryRoot();

	@Test
	void shouldShowSixPartitionsOverThreeProcessorsAndStopCleanly() throws Exception {
		// Given the jars this build made
		Path output = this.root.resolve("integration-tests/target/demo-it-output.txt");
		Files.createDirectories(output.getParent());

		Map<Path, FileTime> built = buildOutputs();
		assertThat(built).as("jars of this build").isNotEmpty();
		// And Kafka Streams' state of an earlier run, of a cluster that is gone
		Path staleState = this.root.resolve(".demo/state/analytics-1/orders-analytics/0_0/.checkpoint");
		Files.createDirectories(staleState.getParent());
		Files.writeString(staleState, "0\n1\norders-analytics-changelog 0 12345\n");
		// And the archive's bucket of that run: an object for offsets 0 to 1441 of
		// partition 0, which archive-service would take for its own and skip past
		Path staleObject = this.root.resolve(".demo/s3/orders-archive")
			.resolve(ObjectKey.of(new TopicPartition(Topics.ORDERS, 0), 0, 1441).value());
		Files.createDirectories(staleObject.getParent());
		Files.write(staleObject, new byte[0]);

		// When
		ProcessBuilder command = new ProcessBuilder("./demo", "--for", "45s", "--processors", "3", "--brokers", "3",
				"--no-fanout")
			.directory(this.root.toFile())
			.redirectErrorStream(true)
			.redirectInput(new File("/dev/null"))
			.redirectOutput(output.toFile());
		// The jars this build made: left to itself, ./demo builds when sources are newer
		// than its last build, rewriting jars that this JVM has open
		command.environment().put("DEMO_SKIP_BUILD", "1");
		Process demo = command.start();
		boolean exited = demo.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		if (!exited) {
			// SIGTERM first: the demo's shutdown hook stops what it started
			demo.toHandle().destroy();
			if (!demo.waitFor(1, TimeUnit.MINUTES)) {
				demo.descendants().forEach(ProcessHandle::destroyForcibly);
				demo.destroyForcibly();
			}
		}
		String console = Files.readString(output, StandardCharsets.UTF_8);

		// Then
		assertThat(buildOutputs()).as("jars of this build, as the build left them").isEqualTo(built);
		assertThat(exited).as("./demo ended within %s; its output:%n%s", RUN_TIMEOUT, console).isTrue();
		assertThat(demo.exitValue()).as("exit code; output:%n%s", console).isZero();
		assertThat(ownersInLastTable(console)).as("partitions per replica in the last table; output:%n%s", console)
			.isEqualTo(Map.of("order-processor-1", 2, "order-processor-2", 2, "order-processor-3", 2));
		assertThat(this.root.resolve(".demo/state")).as("Kafka Streams' state of the earlier run").doesNotExist();
		assertThat(this.root.resolve(".demo/s3")).as("the archive's bucket of the earlier run").doesNotExist();
		assertThat(console).contains("order-processors: 6 partitions over 3 members (2, 2, 2)")
			.contains("is processed by order-processor-");
		List<Long> pids = pids(console);
		assertThat(pids).as("pids of 3 nodes, the producer and 3 replicas").hasSize(7);
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(pids.stream().filter(DemoIT::isRunning)).isEmpty());
		assertThat(ProcessHandle.allProcesses().filter(this::isStartedByTheDemo).map(ProcessHandle::pid))
			.as("processes of this run still running")
			.isEmpty();
	}

	/**
	 * What a build of the modules ./demo runs writes: their jars and the launcher's
	 * classpath, each with its last-modified time.
	 */
	private Map<Path, FileTime> buildOutputs() throws IOException {
		Map<Path, FileTime> outputs = new TreeMap<>();
		for (String module : DEMO_MODULES) {
			Path target = this.root.resolve(module).resolve("target");
			if (Files.isDirectory(target)) {
				try (Stream<Path> files = Files.list(target)) {
					for (Path file : files
						.filter((file) -> file.toString().endsWith(".jar")
								|| file.getFileName().toString().equals("classpath.txt"))
						.toList()) {
						outputs.put(file, Files.getLastModifiedTime(file));
					}
				}
			}
		}
		return outputs;
	}

	/**
	 * Reads the last table the demo printed.
	 * @return how many partitions each replica owns
	 */
	private static Map<String, Integer> ownersInLastTable(String console) {
		List<String> lines = console.lines().toList();
		int summary = -1;
		for (int i = 0; i < lines.size(); i++) {
			if (SUMMARY.matcher(lines.get(i)).matches()) {
				summary = i;
			}
		}
		Map<String, Integer> owners = new TreeMap<>();
		if (summary < 0) {
			return owners;
		}
		for (String line : lines.subList(summary + 2, Math.min(lines.size(), summary + 8))) {
			Matcher row = ROW.matcher(line);
			if (row.matches()) {
				Matcher replica = REPLICA.matcher(row.group(2));
				String owner = replica.matches() ? replica.group(1) : row.group(2);
				owners.merge(owner, 1, Integer::sum);
			}
		}
		return owners;
	}

	private static List<Long> pids(String console) {
		List<Long> pids = new ArrayList<>();
		Matcher pid = PID.matcher(console);
		while (pid.find()) {
			pids.add(Long.parseLong(pid.group(1)));
		}
		return pids.stream().distinct().toList();
	}

	private static boolean isRunning(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	/**
	 * The demo's Kafka nodes have their data, and its services their log file, under the
	 * repository's {@code .demo} directory: it is on their command line.
	 */
	private boolean isStartedByTheDemo(ProcessHandle process) {
		return process.info().commandLine().orElse("").contains(this.root.resolve(".demo").toString() + File.separator);
	}

	/**
	 * The directory with the {@code demo} script: the parent of this module's directory,
	 * wherever the build runs from.
	 */
	private static Path repositoryRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null) {
			if (Files.isExecutable(directory.resolve("demo")) && Files.isRegularFile(directory.resolve("mvnw"))) {
				return directory;
			}
			directory = directory.getParent();
		}
		throw new IllegalStateException("No ./demo script above " + Path.of("").toAbsolutePath());
	}

}
