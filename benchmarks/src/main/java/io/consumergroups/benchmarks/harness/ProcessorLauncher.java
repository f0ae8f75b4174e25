package io.consumergroups.benchmarks.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.harness.process.ProcessOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the harness starts order-processor: its executable jar extracted
 * ({@code -Djarmode=tools extract}) and a class data sharing archive of it trained once
 * ({@code -XX:ArchiveClassesAtExit} with {@code -Dspring.context.exit=onRefresh}), as
 * Spring Boot's documentation suggests for fast starts. The code that runs is the jar's,
 * unchanged; a replica starts in a few seconds instead of tens on a busy machine, which
 * is what makes a run of dozens of replica starts fit in minutes. Falls back to the plain
 * {@code java -jar} when either step fails.
 */
public final class ProcessorLauncher {

	private static final Logger logger = LoggerFactory.getLogger(ProcessorLauncher.class);

	private static final List<String> HEAP = List.of("-Xms256m", "-Xmx256m");

	private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);

	private final Path executableJar;

	private final Path directory;

	private Path jar;

	private Path archive;

	/**
	 * @param executableJar order-processor's executable jar
	 * @param directory where the extracted jar and the archive are kept between runs
	 */
	public ProcessorLauncher(Path executableJar, Path directory) {
		this.executableJar = executableJar;
		this.directory = directory;
		this.jar = executableJar;
	}

	/**
	 * Extract the jar and train the archive, unless both are newer than the jar.
	 * @param bootstrapServers a running cluster: the training run starts the application
	 * context, which creates order-processor's topics
	 * @param logDirectory where the steps log
	 */
	public void prepare(String bootstrapServers, Path logDirectory) {
		if (!Files.isRegularFile(this.executableJar)) {
			throw new IllegalStateException("No " + this.executableJar + ": run ./benchmarks/bench without "
					+ "BENCH_SKIP_BUILD, or build with ./mvnw -pl benchmarks -am install");
		}
		Path extracted = this.directory.resolve("extracted");
		Path extractedJar = extracted.resolve(this.executableJar.getFileName());
		Path trained = this.directory.resolve("order-processor.jsa");
		try {
			if (isStale(extractedJar)) {
				deleteRecursively(extracted);
				run("extract", List.of("-Djarmode=tools", "-jar", this.executableJar.toString(), "extract",
						"--destination", extracted.toString()), Map.of(), logDirectory);
				Files.deleteIfExists(trained);
			}
			this.jar = extractedJar;
			if (isStale(trained)) {
				run("cds-training",
						List.of("-XX:ArchiveClassesAtExit=" + trained, "-Dspring.context.exit=onRefresh", "-jar",
								extractedJar.toString(), "--server.port=0",
								"--spring.kafka.bootstrap-servers=" + bootstrapServers),
						Map.of("INSTANCE_ID", "cds-training"), logDirectory);
			}
			this.archive = Files.isRegularFile(trained) ? trained : null;
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Starting order-processor from its executable jar without a CDS archive: {}", ex.getMessage());
			this.jar = this.executableJar;
			this.archive = null;
		}
		logger.info("order-processor runs from {}{}", this.jar,
				(this.archive != null) ? " with the CDS archive " + this.archive : "");
	}

	/**
	 * The JVM options of a replica.
	 * @param fastStartOnly C1 only ({@code -XX:TieredStopAtLevel=1}): starts faster, runs
	 * CPU-bound code slower; for scenarios that measure the group, not throughput
	 * @return the options
	 */
	List<String> jvmOptions(boolean fastStartOnly) {
		List<String> options = new ArrayList<>(HEAP);
		if (this.archive != null) {
			options.add("-XX:SharedArchiveFile=" + this.archive);
		}
		if (fastStartOnly) {
			options.add("-XX:TieredStopAtLevel=1");
		}
		return options;
	}

	Path jar() {
		return this.jar;
	}

	private boolean isStale(Path file) throws IOException {
		return !Files.isRegularFile(file)
				|| Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(this.executableJar)) < 0;
	}

	private static void run(String name, List<String> arguments, Map<String, String> environment, Path logDirectory) {
		JvmProcess step = JvmProcess.java(name)
			.arguments(arguments)
			.environment(environment)
			.output(ProcessOutput.appendTo(logDirectory.resolve(name + ".log")))
			.build();
		step.start();
		if (!step.awaitExit(STEP_TIMEOUT) || step.exitCode() != 0) {
			step.kill();
			throw new IllegalStateException(name + " failed; see " + step.log());
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
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
