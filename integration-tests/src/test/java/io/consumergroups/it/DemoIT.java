package io.consumergroups.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's first command, run as a reader runs it: {@code ./demo} from the repository
 * root, with its own Kafka cluster and services as separate processes.
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

	private final Path root = repositoryRoot();

	@Test
	void shouldShowSixPartitionsOverThreeProcessorsAndStopCleanly() throws Exception {
		// Given
		Path output = this.root.resolve("integration-tests/target/demo-it-output.txt");
		Files.createDirectories(output.getParent());

		// When
		Process demo = new ProcessBuilder("./demo", "--for", "45s", "--processors", "3", "--brokers", "3",
				"--no-fanout")
			.directory(this.root.toFile())
			.redirectErrorStream(true)
			.redirectInput(new File("/dev/null"))
			.redirectOutput(output.toFile())
			.start();
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
		assertThat(exited).as("./demo ended within %s; its output:%n%s", RUN_TIMEOUT, console).isTrue();
		assertThat(demo.exitValue()).as("exit code; output:%n%s", console).isZero();
		assertThat(ownersInLastTable(console)).as("partitions per replica in the last table; output:%n%s", console)
			.isEqualTo(Map.of("order-processor-1", 2, "order-processor-2", 2, "order-processor-3", 2));
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
