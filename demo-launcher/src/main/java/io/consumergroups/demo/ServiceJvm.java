package io.consumergroups.demo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service running as its own JVM, as it would in production: stopping it is a real
 * SIGTERM, killing it a real crash. Its output goes to its log file, and the lines worth
 * seeing to the console through the {@link ConsoleRelay}.
 */
final class ServiceJvm {

	private static final Logger logger = LoggerFactory.getLogger(ServiceJvm.class);

	/**
	 * Several Spring Boot JVMs start at once on what may be a 2-core laptop: a modest
	 * heap, the serial collector (no GC threads per core) and the C1 compiler only make
	 * them start fast and stay small. A demo needs no peak throughput.
	 */
	private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

	/**
	 * Spring Boot's "Started OrderProcessorApplication in 6.2 seconds": the service is
	 * up.
	 */
	private static final Pattern STARTED = Pattern.compile(".* Started \\w+ in [\\d.]+ seconds.*");

	private static final Duration OUTPUT_DRAIN_TIMEOUT = Duration.ofSeconds(2);

	private final String name;

	private final int port;

	private final Path logFile;

	private final Process process;

	private final CompletableFuture<Boolean> started = new CompletableFuture<>();

	private final Thread output;

	private volatile boolean stopping;

	private ServiceJvm(String name, int port, Path logFile, Process process, ConsoleRelay relay) {
		this.name = name;
		this.port = port;
		this.logFile = logFile;
		this.process = process;
		this.output = new Thread(() -> copyOutput(relay), name + "-output");
		// The launcher may exit before a killed service's pipe is closed
		this.output.setDaemon(true);
	}

	/**
	 * Starts {@code java -jar jar arguments...} with the same Java as this launcher.
	 * @param name the service's name, as its lines are prefixed on the console
	 * @param jar the runnable jar
	 * @param port the HTTP port it is told to listen on
	 * @param arguments its command-line arguments
	 * @param environment variables added to this process's environment
	 * @param logFile where its output goes
	 * @param relay chooses the lines that also go to the console
	 * @return the running service
	 * @throws IOException if it could not be started
	 */
	static ServiceJvm start(String name, Path jar, int port, List<String> arguments, Map<String, String> environment,
			Path logFile, ConsoleRelay relay) throws IOException {
		return start(name, jar, port, JVM_OPTIONS, arguments, environment, logFile, relay);
	}

	/**
	 * Starts {@code java jvmOptions... -jar jar arguments...}, for a process that is not
	 * one of the project's services, such as S3Proxy.
	 * @param name the process's name, as its lines are prefixed on the console
	 * @param jar the runnable jar
	 * @param port the port it listens on
	 * @param jvmOptions the JVM's options, e.g. its heap
	 * @param arguments its command-line arguments
	 * @param environment variables added to this process's environment
	 * @param logFile where its output goes
	 * @param relay chooses the lines that also go to the console
	 * @return the running process
	 * @throws IOException if it could not be started
	 */
	static ServiceJvm start(String name, Path jar, int port, List<String> jvmOptions, List<String> arguments,
			Map<String, String> environment, Path logFile, ConsoleRelay relay) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(javaExecutable());
		command.addAll(jvmOptions);
		// Unused by the service: puts the demo's directory on its command line, so that
		// pgrep -f <repository>/.demo/ finds every process a demo started, as it finds
		// the Kafka nodes by their data directory
		command.add("-Dconsumergroups.demo.log=" + logFile.toAbsolutePath());
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
		builder.environment().putAll(environment);
		Files.createDirectories(logFile.toAbsolutePath().getParent());
		Process process = builder.start();
		ServiceJvm service = new ServiceJvm(name, port, logFile, process, relay);
		service.output.start();
		return service;
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	long pid() {
		return this.process.pid();
	}

	Path logFile() {
		return this.logFile;
	}

	URI url() {
		return URI.create("http://localhost:" + this.port);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Asks the service to stop with SIGTERM, as an orchestrator would, and returns at
	 * once: Spring Boot shuts down gracefully, and the consumer leaves its group.
	 */
	void requestStop() {
		this.stopping = true;
		// Through the handle: Process.destroy() would also close the output pipe, and the
		// service's last lines would not reach its log file
		this.process.toHandle().destroy();
	}

	/**
	 * Crashes the service with SIGKILL: no shutdown hook runs, the consumer does not
	 * leave its group, and its partitions wait for its session to time out.
	 */
	void kill() {
		this.stopping = true;
		this.process.toHandle().destroyForcibly();
	}

	/**
	 * Waits for the service to exit, killing it (SIGKILL) if it does not in time.
	 * @param timeout how long a graceful stop may take
	 * @return {@code true} if it stopped by itself
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean awaitStop(Duration timeout) throws InterruptedException {
		boolean stopped = this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (!stopped) {
			logger.warn("{} did not stop within {} s: killing it", this.name, timeout.toSeconds());
			this.process.toHandle().destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		// Its last lines are in the pipe still: let them reach the log file
		this.output.join(OUTPUT_DRAIN_TIMEOUT.toMillis());
		return stopped;
	}

	/**
	 * Completes when the service has started (Spring Boot's "Started ... in ...
	 * seconds"), with {@code false} if it exited before.
	 * @return whether it started
	 */
	CompletableFuture<Boolean> started() {
		return this.started;
	}

	static boolean isStartedLine(String line) {
		return STARTED.matcher(line).matches();
	}

	private void copyOutput(ConsoleRelay relay) {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				Writer log = Files.newBufferedWriter(this.logFile, StandardCharsets.UTF_8)) {
			String line;
			while ((line = output.readLine()) != null) {
				log.write(line);
				log.write(System.lineSeparator());
				log.flush();
				relay.offer(this.name, line);
				if (!this.started.isDone() && isStartedLine(line)) {
					this.started.complete(true);
				}
			}
		}
		catch (IOException ex) {
			logger.warn("Could not copy the output of {} to {}: {}", this.name, this.logFile, ex.getMessage());
		}
		int exitCode = waitForExit();
		this.started.complete(false);
		if (!this.stopping) {
			relay.note(this.name, "exited with code " + exitCode + ": see " + this.logFile);
		}
	}

	private int waitForExit() {
		try {
			return this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static String javaExecutable() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	private static File nullDevice() {
		return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
	}

}
