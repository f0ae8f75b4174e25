package io.consumergroups.kafkalocal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import kafka.tools.StorageTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka node: its directory, its configuration and the OS process that runs it.
 * <p>
 * Layout of the node directory: {@code server.properties}, {@code log4j2.xml},
 * {@code server.log} (Kafka's log), {@code stdout.log} (anything the JVM prints itself)
 * and {@code data/} (partitions and the metadata log).
 */
final class KafkaNode {

	private static final Logger logger = LoggerFactory.getLogger(KafkaNode.class);

	// Three nodes and the services fit on a laptop with two cores; the serial collector
	// leaves the cores to the brokers' own threads
	private static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx512m", "-XX:+UseSerialGC",
			"-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

	private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

	private static final int LOG_TAIL_LINES = 40;

	private static final int LOG_TAIL_BYTES = 64 * 1024;

	private final NodePorts ports;

	private final Path directory;

	private final String classpath;

	private volatile Process process;

	KafkaNode(NodePorts ports, Path directory, String classpath) {
		this.ports = ports;
		this.directory = directory;
		this.classpath = classpath;
	}

	int nodeId() {
		return this.ports.nodeId();
	}

	NodePorts ports() {
		return this.ports;
	}

	Path dataDirectory() {
		return this.directory.resolve("data");
	}

	Path serverLog() {
		return this.directory.resolve("server.log");
	}

	private Path stdoutLog() {
		return this.directory.resolve("stdout.log");
	}

	private Path serverProperties() {
		return this.directory.resolve("server.properties");
	}

	private Path log4jConfiguration() {
		return this.directory.resolve("log4j2.xml");
	}

	/**
	 * Writes the node's {@code server.properties} and logging configuration.
	 * @param properties the node's settings
	 */
	void configure(Map<String, String> properties) {
		try {
			Files.createDirectories(this.directory);
			ServerProperties.write(properties, serverProperties());
			Files.writeString(log4jConfiguration(), log4jXml(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the configuration of Kafka node " + nodeId(), ex);
		}
	}

	/**
	 * Formats the node's storage for a new cluster, as {@code kafka-storage.sh format}
	 * does.
	 * @param clusterId the cluster's id, the same on every node
	 */
	void format(String clusterId) {
		format(clusterId, List.of());
	}

	/**
	 * Formats the node's storage for a new cluster, as {@code kafka-storage.sh format}
	 * does, with more of its arguments, such as {@code --add-scram}.
	 * @param clusterId the cluster's id, the same on every node
	 * @param moreArguments added to the command line
	 */
	void format(String clusterId, List<String> moreArguments) {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		List<String> command = new ArrayList<>(
				List.of("format", "--cluster-id", clusterId, "--config", serverProperties().toString()));
		command.addAll(moreArguments);
		String[] args = command.toArray(String[]::new);
		int exitCode;
		try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
			exitCode = StorageTool.execute(args, out);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Could not format the storage of Kafka node " + nodeId() + ": "
					+ ex.getMessage() + "\n" + output.toString(StandardCharsets.UTF_8), ex);
		}
		if (exitCode != 0) {
			throw new IllegalStateException("Formatting the storage of Kafka node " + nodeId() + " failed (exit code "
					+ exitCode + "):\n" + output.toString(StandardCharsets.UTF_8));
		}
		logger.debug("Formatted Kafka node {}: {}", nodeId(), output.toString(StandardCharsets.UTF_8).strip());
	}

	/**
	 * Starts the node's process, with its output appended to {@code stdout.log}.
	 */
	synchronized void start() {
		if (isRunning()) {
			throw new IllegalStateException("Kafka node " + nodeId() + " is already running (pid " + pid() + ")");
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_OPTIONS);
		command.add("-Dkafka.logs.dir=" + this.directory);
		command.add("-Dlog4j2.configurationFile=" + log4jConfiguration());
		command.add("-D" + KafkaNodeMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
		command.add("-cp");
		command.add(this.classpath);
		command.add(KafkaNodeMain.class.getName());
		command.add(serverProperties().toString());
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(Redirect.appendTo(stdoutLog().toFile()));
		try {
			this.process = builder.start();
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start Kafka node " + nodeId(), ex);
		}
		logger.info("Started Kafka node {} (pid {}) on {}, logging to {}", nodeId(), this.process.pid(),
				this.ports.brokerAddress(), serverLog());
	}

	boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	long pid() {
		return started().pid();
	}

	/**
	 * Completes when the current process exits.
	 * @return the process's exit
	 */
	CompletableFuture<Process> onExit() {
		return started().onExit();
	}

	/**
	 * How the node's process ended.
	 * @return e.g. {@code "exited with code 1"}
	 */
	String exitDescription() {
		Process current = started();
		return current.isAlive() ? "is running" : "exited with code " + current.exitValue();
	}

	/**
	 * Asks the node to stop ({@code SIGTERM}): a clean shutdown, leadership moved away
	 * first.
	 */
	void signalStop() {
		Process current = this.process;
		if (current != null && current.isAlive()) {
			current.destroy();
		}
	}

	/**
	 * Waits for the node's process to exit.
	 * @param timeout how long at most
	 * @return whether it exited
	 */
	boolean awaitExit(Duration timeout) {
		Process current = this.process;
		if (current == null) {
			return true;
		}
		try {
			return current.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !current.isAlive();
		}
	}

	/**
	 * Kills the node's process ({@code SIGKILL}), as a crash or a power cut would, and
	 * waits for it to be gone.
	 */
	void kill() {
		Process current = this.process;
		if (current == null || !current.isAlive()) {
			return;
		}
		current.destroyForcibly();
		if (!awaitExit(KILL_TIMEOUT)) {
			throw new IllegalStateException("Kafka node " + nodeId() + " (pid " + current.pid() + ") still runs "
					+ KILL_TIMEOUT.toSeconds() + " s after SIGKILL");
		}
		logger.info("Killed Kafka node {} (pid {})", nodeId(), current.pid());
	}

	/**
	 * Stops the node cleanly ({@code SIGTERM}), or kills it if it does not stop in time.
	 * @param timeout how long a clean stop may take
	 */
	void stop(Duration timeout) {
		signalStop();
		if (!awaitExit(timeout)) {
			logger.warn("Kafka node {} did not stop within {} s: killing it", nodeId(), timeout.toSeconds());
			kill();
		}
	}

	/**
	 * The end of the node's logs, for error messages.
	 * @return the last lines of {@code server.log} and of {@code stdout.log}
	 */
	String logTail() {
		StringBuilder tail = new StringBuilder();
		for (Path log : List.of(serverLog(), stdoutLog())) {
			List<String> lines = lastLines(log);
			if (!lines.isEmpty()) {
				tail.append("--- last lines of ").append(log).append(" ---\n");
				lines.forEach((line) -> tail.append(line).append('\n'));
			}
		}
		return (tail.length() > 0) ? tail.toString() : "(nothing logged yet in " + this.directory + ")\n";
	}

	private Process started() {
		Process current = this.process;
		if (current == null) {
			throw new IllegalStateException("Kafka node " + nodeId() + " has not been started");
		}
		return current;
	}

	private static List<String> lastLines(Path file) {
		if (!Files.isRegularFile(file)) {
			return List.of();
		}
		try (SeekableByteChannel channel = Files.newByteChannel(file)) {
			long start = Math.max(0, channel.size() - LOG_TAIL_BYTES);
			ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
			channel.position(start);
			while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
				// read up to the end of the file
			}
			List<String> lines = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).lines()
				.skip((start > 0) ? 1 : 0)
				.toList();
			return lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
		}
		catch (IOException ex) {
			return List.of("(could not read " + file + ": " + ex.getMessage() + ")");
		}
	}

	private String log4jXml() {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<!-- Written by kafka-local: Kafka's log in one file per node -->
				<Configuration status="warn">
					<Appenders>
						<File name="server" fileName="%s">
							<PatternLayout pattern="[%%d] %%p %%m (%%c)%%n"/>
						</File>
					</Appenders>
					<Loggers>
						<!-- One line per request at DEBUG: far too much for a demo -->
						<Logger name="kafka.request.logger" level="warn"/>
						<Root level="info">
							<AppenderRef ref="server"/>
						</Root>
					</Loggers>
				</Configuration>
				""".formatted(xmlEscape(serverLog().toString()));
	}

	private static String xmlEscape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
