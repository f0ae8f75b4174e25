package io.consumergroups.harness.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java program (a service's executable jar, or a main class) running as its own JVM,
 * for the tests, benchmarks and demos in which a crash must be real: {@link #kill()} is a
 * SIGKILL, so the JVM gets no chance to close its consumer, leave its group, commit or
 * abort anything; {@link #stop()} is a SIGTERM, a graceful shutdown, and a SIGKILL if
 * that takes longer than its stop timeout. It can be started again with the same command,
 * environment, port and log file: the same identity, e.g. the same
 * {@code group.instance.id}. Whatever is still running when this JVM exits is killed.
 */
public final class JvmProcess implements AutoCloseable {

	/** How long a health check waits when not told: several JVMs may start at once. */
	private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration HEALTH_POLL = Duration.ofMillis(250);

	/** Spring Boot's words when its port is taken. */
	private static final String PORT_IN_USE = "Port %d was already in use";

	private final String name;

	private final List<String> command;

	private final Map<String, String> environment;

	private final ProcessOutput output;

	private final boolean serverPortArgument;

	private final Duration stopTimeout;

	private final Duration exitGrace;

	private int port;

	private int portRetries = 3;

	private volatile boolean stopRequested;

	private Process process;

	private Thread outputCopy;

	private JvmProcess(Builder builder) {
		this.name = builder.name;
		this.command = List.copyOf(builder.command());
		this.environment = Map.copyOf(builder.environment);
		this.output = builder.output;
		this.port = builder.port;
		this.serverPortArgument = builder.serverPortArgument;
		this.stopTimeout = builder.stopTimeout;
		this.exitGrace = builder.exitGrace;
	}

	/**
	 * A process running an executable jar: {@code java <jvm options> -jar <jar>
	 * <arguments>}.
	 * @param name its name, in messages and for its log file
	 * @param jar the executable jar
	 * @return a builder of the process
	 */
	public static Builder jar(String name, Path jar) {
		return new Builder(name, List.of("-jar", jar.toString()));
	}

	/**
	 * A process running a main class on this JVM's class path: {@code java <jvm options>
	 * -cp <this class path> <main class> <arguments>}.
	 * @param name its name, in messages and for its log file
	 * @param mainClass the class to run
	 * @return a builder of the process
	 */
	public static Builder mainClass(String name, String mainClass) {
		return new Builder(name, List.of("-cp", System.getProperty("java.class.path"), mainClass));
	}

	/**
	 * A process whose arguments say what to run, e.g. {@code -Djarmode=tools -jar x.jar
	 * extract}: {@code java <jvm options> <arguments>}.
	 * @param name its name, in messages and for its log file
	 * @return a builder of the process
	 */
	public static Builder java(String name) {
		return new Builder(name, List.of());
	}

	/**
	 * Start the process, or start it again after {@link #kill()} or {@link #stop()}, with
	 * the same command, environment and port; its output is appended to the same log.
	 * @return this process
	 * @throws IllegalStateException if it is running
	 */
	public synchronized JvmProcess start() {
		if (isAlive()) {
			throw new IllegalStateException(this.name + " is running already");
		}
		try {
			Files.createDirectories(this.output.file().toAbsolutePath().getParent());
			ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
			if (this.output instanceof ProcessOutput.ToFile) {
				builder.redirectOutput(ProcessBuilder.Redirect.appendTo(this.output.file().toFile()));
			}
			builder.environment().putAll(this.environment);
			this.stopRequested = false;
			this.process = builder.start();
			RunningProcesses.add(this.process.toHandle(), this.exitGrace);
			if (this.output instanceof ProcessOutput.CopiedToFile copied) {
				this.outputCopy = OutputCopy.start(this.name, this.process, copied.file(), copied.listener(),
						() -> this.stopRequested);
			}
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.name, ex);
		}
	}

	/**
	 * {@link #stop()} if it runs, then {@link #start()}: a restart with the same
	 * identity.
	 * @return this process
	 */
	public JvmProcess restart() {
		stop();
		return start();
	}

	/**
	 * SIGTERM, as an orchestrator stops a service, without waiting: Spring Boot shuts
	 * down gracefully, and the consumer leaves its group (unless it is a static member).
	 * {@link #awaitExit(Duration)} waits for it.
	 */
	public void requestStop() {
		if (isAlive()) {
			this.stopRequested = true;
			// Through the handle: Process.destroy() also closes the output pipe, and the
			// last lines would not reach the log
			this.process.toHandle().destroy();
		}
	}

	/**
	 * SIGTERM, and SIGKILL if the process has not exited within its stop timeout; returns
	 * once it is gone.
	 * @return whether it exited by itself on SIGTERM
	 */
	public boolean stop() {
		if (!isAlive()) {
			return true;
		}
		requestStop();
		if (awaitExit(this.stopTimeout)) {
			return true;
		}
		kill();
		return false;
	}

	/**
	 * SIGKILL, a crash; returns once the process is gone.
	 */
	public void kill() {
		if (this.process != null) {
			this.stopRequested = true;
			this.process.toHandle().destroyForcibly();
			awaitExit(this.stopTimeout);
		}
	}

	/**
	 * Wait for the process to exit, and for its last lines to reach its log.
	 * @param timeout how long at most
	 * @return whether it has exited
	 */
	public boolean awaitExit(Duration timeout) {
		try {
			boolean exited = this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			Thread copy = this.outputCopy;
			if (exited && copy != null) {
				copy.join(OutputCopy.DRAIN_TIMEOUT.toMillis());
			}
			return exited;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * {@link #awaitHealthy(Duration)} for up to 90 s.
	 * @return this process
	 */
	public JvmProcess awaitHealthy() {
		return awaitHealthy(HEALTHY_TIMEOUT);
	}

	/**
	 * Wait until the service answers {@code GET /actuator/health} with a success on its
	 * port. A service given its port as {@code --server.port} that exits because another
	 * process took the port meanwhile (free when chosen) is started again on another
	 * {@link FreePorts free port}, up to three times.
	 * @param timeout how long at most
	 * @return this process
	 * @throws IllegalStateException if it exits, or is not healthy in time
	 */
	public JvmProcess awaitHealthy(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!HealthCheck.isHealthy(url())) {
			if (!isAlive() && !startedOnAnotherPort()) {
				throw new IllegalStateException(this.name + " exited; see " + log());
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						this.name + " was not healthy within " + timeout.toSeconds() + " s; see " + log());
			}
			HealthCheck.pause(HEALTH_POLL);
		}
		return this;
	}

	private synchronized boolean startedOnAnotherPort() {
		if (this.serverPortArgument && this.portRetries > 0 && output().contains(PORT_IN_USE.formatted(this.port))) {
			this.portRetries--;
			this.port = FreePorts.next();
			start();
			return true;
		}
		return false;
	}

	public boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * The exit code of the process, which must have exited: 143 after a graceful shutdown
	 * on SIGTERM, 137 after SIGKILL (also when {@link #stop()} had to force it).
	 * @return its exit code
	 */
	public int exitCode() {
		return this.process.exitValue();
	}

	public long pid() {
		return this.process.pid();
	}

	public String name() {
		return this.name;
	}

	/**
	 * The port it listens on, as given to the builder; 0 if none was.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Where its HTTP API answers.
	 * @return {@code http://localhost:<port>}
	 */
	public URI url() {
		return URI.create("http://localhost:" + this.port);
	}

	public Path log() {
		return this.output.file();
	}

	/**
	 * What the process has printed so far, over all its starts.
	 * @return the log
	 */
	public String output() {
		try {
			return Files.exists(log()) ? Files.readString(log()) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The command line of its next start.
	 * @return {@code java} and its arguments
	 */
	List<String> command() {
		List<String> command = new ArrayList<>(this.command);
		if (this.serverPortArgument) {
			command.add("--server.port=" + this.port);
		}
		return command;
	}

	/** {@link #stop()}. */
	@Override
	public void close() {
		stop();
	}

	private static File nullDevice() {
		return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
	}

	/**
	 * What to start and how.
	 */
	public static final class Builder {

		private final String name;

		private final List<String> target;

		private final List<String> jvmOptions = new ArrayList<>();

		private final List<String> arguments = new ArrayList<>();

		private final Map<String, String> environment = new LinkedHashMap<>();

		private ProcessOutput output;

		private int port;

		private boolean serverPortArgument;

		private Duration stopTimeout = Duration.ofSeconds(30);

		private Duration exitGrace = Duration.ZERO;

		private Builder(String name, List<String> target) {
			this.name = name;
			this.target = target;
		}

		/**
		 * Options of the JVM, before what it runs: heap, compiler, class data sharing,
		 * system properties.
		 * @param options the options
		 * @return this builder
		 */
		public Builder jvmOptions(List<String> options) {
			this.jvmOptions.addAll(options);
			return this;
		}

		/**
		 * Arguments of the program, after what the JVM runs.
		 * @param arguments the arguments, e.g. {@code --name=value} properties
		 * @return this builder
		 */
		public Builder arguments(List<String> arguments) {
			this.arguments.addAll(arguments);
			return this;
		}

		/**
		 * Variables added to this JVM's environment for the process.
		 * @param environment name to value
		 * @return this builder
		 */
		public Builder environment(Map<String, String> environment) {
			this.environment.putAll(environment);
			return this;
		}

		/**
		 * Where its output goes: required.
		 * @param output the log file, and who else reads it
		 * @return this builder
		 */
		public Builder output(ProcessOutput output) {
			this.output = output;
			return this;
		}

		/**
		 * The port the process listens on, which its arguments already tell it: for
		 * {@link JvmProcess#url()} and the health check.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			this.serverPortArgument = false;
			return this;
		}

		/**
		 * The port a Spring Boot service listens on, given as its last argument,
		 * {@code --server.port=<port>}, at each start; usually one of
		 * {@link FreePorts#next()}.
		 * @param port the port
		 * @return this builder
		 */
		public Builder serverPort(int port) {
			this.port = port;
			this.serverPortArgument = true;
			return this;
		}

		/**
		 * How long {@link JvmProcess#stop()} waits for a graceful shutdown before
		 * SIGKILL: 30 s unless told.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder stopTimeout(Duration timeout) {
			this.stopTimeout = timeout;
			return this;
		}

		/**
		 * How long the process may take to stop on SIGTERM when this JVM exits with it
		 * still running, before SIGKILL: zero (SIGKILL at once) unless told. A launcher
		 * that stops its services gracefully in its own shutdown hook gives them that
		 * long.
		 * @param grace the grace
		 * @return this builder
		 */
		public Builder exitGrace(Duration grace) {
			this.exitGrace = grace;
			return this;
		}

		/**
		 * The process, not started yet.
		 * @return the process, to {@link JvmProcess#start()}
		 */
		public JvmProcess build() {
			if (this.output == null) {
				throw new IllegalStateException("Where the output of " + this.name + " goes is not set");
			}
			return new JvmProcess(this);
		}

		private List<String> command() {
			List<String> command = new ArrayList<>();
			command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(this.jvmOptions);
			command.addAll(this.target);
			command.addAll(this.arguments);
			return command;
		}

	}

}
