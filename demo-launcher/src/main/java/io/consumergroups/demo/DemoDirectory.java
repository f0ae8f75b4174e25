package io.consumergroups.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a run keeps its files: {@code .demo/} under the repository root, with the Kafka
 * nodes' data, each process's log, Kafka Streams' state and the archive's S3 bucket.
 */
final class DemoDirectory {

	private final Path root;

	private final Path directory;

	/**
	 * The directory of the demo of a repository.
	 * @param root the repository root
	 */
	DemoDirectory(Path root) {
		this.root = root;
		this.directory = root.resolve(".demo");
	}

	/**
	 * Makes the directory ready for a new run: its logs directory exists, and what
	 * belonged to the last run's cluster is gone.
	 * <p>
	 * Each run starts a new cluster, so what the services kept of the last run belongs to
	 * a cluster that is gone. Kafka Streams' local state, restored against the new one,
	 * fails with {@code OffsetOutOfRangeException} and {@code TaskCorruptedException}.
	 * The archive's bucket holds objects named after the old cluster's offsets:
	 * archive-service takes those past its (new, empty) committed offset for its own,
	 * written and then not committed, and skips the new cluster's orders at those
	 * offsets. Both start fresh with the cluster.
	 * @throws IOException if a directory cannot be created or deleted
	 */
	void prepare() throws IOException {
		Files.createDirectories(this.directory.resolve("logs"));
		delete(streamsState());
		delete(s3());
	}

	/**
	 * The Kafka nodes' data.
	 * @return {@code .demo/kafka}
	 */
	Path kafka() {
		return this.directory.resolve("kafka");
	}

	/**
	 * Kafka Streams' state of one analytics-service instance.
	 * @param instance e.g. {@code analytics-1}
	 * @return {@code .demo/state/analytics-1}
	 */
	Path streamsState(String instance) {
		return streamsState().resolve(instance);
	}

	/**
	 * S3Proxy's storage: a directory per bucket.
	 * @return {@code .demo/s3}
	 */
	Path s3() {
		return this.directory.resolve("s3");
	}

	/**
	 * S3Proxy's configuration file.
	 * @return {@code .demo/s3proxy.conf}
	 */
	Path s3ProxyConfig() {
		return this.directory.resolve("s3proxy.conf");
	}

	/**
	 * A process's log file.
	 * @param process e.g. {@code order-processor-2}
	 * @return {@code .demo/logs/order-processor-2.log}
	 */
	Path logFile(String process) {
		return this.directory.resolve("logs").resolve(process + ".log");
	}

	/**
	 * A path as the user reads it, from the repository root.
	 * @param path a path under the root
	 * @return e.g. {@code .demo/logs/order-producer.log}
	 */
	Path relative(Path path) {
		return this.root.relativize(path);
	}

	/**
	 * Names the processes of a previous demo still running, found by this directory on
	 * their command line: a demo killed with SIGKILL stops nothing.
	 * @return a sentence with their pids, empty if there are none
	 */
	String previousRunHint() {
		String directory = this.directory.toAbsolutePath() + File.separator;
		List<String> alive = ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().orElse("").contains(directory))
			.map((process) -> String.valueOf(process.pid()))
			.toList();
		return alive.isEmpty() ? "" : " Processes of a previous demo are still running: stop them with kill "
				+ String.join(" ", alive) + ".";
	}

	private Path streamsState() {
		return this.directory.resolve("state");
	}

	private static void delete(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
