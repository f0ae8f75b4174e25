package io.consumergroups.harness.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

	private final String name;

	private final JvmCommand command;

	private final ListenPort port;

	private final Duration stopTimeout;

	private RunningJvm running;

	/**
	 * @param name its name, in messages
	 * @param command what it runs
	 * @param port the port it listens on
	 * @param stopTimeout how long {@link #stop()} waits before SIGKILL
	 */
	JvmProcess(String name, JvmCommand command, ListenPort port, Duration stopTimeout) {
		this.name = name;
		this.command = command;
		this.port = port;
		this.stopTimeout = stopTimeout;
	}

	/**
	 * A process running an executable jar: {@code java <jvm options> -jar <jar>
	 * <arguments>}.
	 * @param name its name, in messages and for its log file
	 * @param jar the executable jar
	 * @return a builder of the process
	 */
	public static JvmProcessBuilder jar(String name, Path jar) {
		return new JvmProcessBuilder(name, List.of("-jar", jar.toString()));
	}

	/**
	 * A process running a main class on this JVM's class path: {@code java <jvm options>
	 * -cp <this class path> <main class> <arguments>}.
	 * @param name its name, in messages and for its log file
	 * @param mainClass the class to run
	 * @return a builder of the process
	 */
	public static JvmProcessBuilder mainClass(String name, String mainClass) {
		return new JvmProcessBuilder(name, List.of("-cp", System.getProperty("java.class.path"), mainClass));
	}

	/**
	 * A process whose arguments say what to run, e.g. {@code -Djarmode=tools -jar x.jar
	 * extract}: {@code java <jvm options> <arguments>}.
	 * @param name its name, in messages and for its log file
	 * @return a builder of the process
	 */
	public static JvmProcessBuilder java(String name) {
		return new JvmProcessBuilder(name, List.of());
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
		this.running = this.command.start(this.port.arguments());
		return this;
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
			this.running.requestStop();
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
		if (this.running != null) {
			this.running.kill(this.stopTimeout);
		}
	}

	/**
	 * Wait for the process to exit, and for its last lines to reach its log.
	 * @param timeout how long at most
	 * @return whether it has exited
	 */
	public boolean awaitExit(Duration timeout) {
		return this.running.awaitExit(timeout);
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
		if (this.port.movedIfTaken(output())) {
			start();
			return true;
		}
		return false;
	}

	public boolean isAlive() {
		return this.running != null && this.running.isAlive();
	}

	/**
	 * The exit code of the process, which must have exited: 143 after a graceful shutdown
	 * on SIGTERM, 137 after SIGKILL (also when {@link #stop()} had to force it).
	 * @return its exit code
	 */
	public int exitCode() {
		return this.running.exitCode();
	}

	public long pid() {
		return this.running.pid();
	}

	public String name() {
		return this.name;
	}

	/**
	 * The port it listens on, as given to the builder; 0 if none was.
	 * @return the port
	 */
	public int port() {
		return this.port.number();
	}

	/**
	 * Where its HTTP API answers.
	 * @return {@code http://localhost:<port>}
	 */
	public URI url() {
		return this.port.url();
	}

	public Path log() {
		return this.command.log();
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
		return this.command.line(this.port.arguments());
	}

	/** {@link #stop()}. */
	@Override
	public void close() {
		stop();
	}

}
