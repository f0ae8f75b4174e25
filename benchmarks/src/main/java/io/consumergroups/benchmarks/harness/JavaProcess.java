package io.consumergroups.benchmarks.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started as its own OS process, its output in a log file. {@link #kill()} is a
 * {@code SIGKILL}: the JVM gets no chance to leave its group, commit or abort anything,
 * as in a crash. {@link #stop()} is a {@code SIGTERM}: a graceful shutdown.
 */
public final class JavaProcess implements AutoCloseable {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Every process started and not known to be gone: killed when the harness stops early
	 * (Ctrl-C), so that no replica outlives it.
	 */
	private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "java-process-cleanup"));
	}

	private final String name;

	private final List<String> command;

	private final Map<String, String> environment;

	private final Path log;

	private Process process;

	private JavaProcess(String name, List<String> command, Map<String, String> environment, Path log) {
		this.name = name;
		this.command = command;
		this.environment = environment;
		this.log = log;
	}

	/**
	 * A process running a main class on this JVM's classpath (the harness's), not started
	 * yet.
	 * @param name a name for its log file
	 * @param jvmOptions e.g. the heap size
	 * @param mainClass the class to run
	 * @param arguments its arguments
	 * @param logDirectory where its output goes, as {@code <name>.log}
	 * @return the process, to {@link #start()}
	 */
	public static JavaProcess mainClass(String name, List<String> jvmOptions, String mainClass, List<String> arguments,
			Path logDirectory) {
		List<String> command = new ArrayList<>();
		command.add(javaExecutable());
		command.addAll(jvmOptions);
		// Before the classpath: where a command line is read cut short
		// (ProcessHandle.Info), the main class still tells what the process is
		command.add("-Dbench.main-class=" + mainClass);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(arguments);
		return new JavaProcess(name, command, Map.of(), logDirectory.resolve(name + ".log"));
	}

	/**
	 * A process running an executable jar, not started yet.
	 * @param name a name for its log file
	 * @param jvmOptions e.g. the heap size
	 * @param jar the executable jar; {@code null} when the arguments name what to run
	 * @param arguments its arguments
	 * @param environment environment variables
	 * @param logDirectory where its output goes, as {@code <name>.log}
	 * @return the process, to {@link #start()}
	 */
	public static JavaProcess jar(String name, List<String> jvmOptions, Path jar, List<String> arguments,
			Map<String, String> environment, Path logDirectory) {
		List<String> command = new ArrayList<>();
		command.add(javaExecutable());
		command.addAll(jvmOptions);
		if (jar != null) {
			command.add("-jar");
			command.add(jar.toString());
		}
		command.addAll(arguments);
		return new JavaProcess(name, command, environment, logDirectory.resolve(name + ".log"));
	}

	/**
	 * Start the process, or start it again after {@link #kill()} or {@link #stop()}, with
	 * the same command; the log is appended to.
	 * @return this process
	 */
	public JavaProcess start() {
		try {
			Files.createDirectories(this.log.getParent());
			ProcessBuilder builder = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
			builder.environment().putAll(this.environment);
			this.process = builder.start();
			RUNNING.add(this.process);
			this.process.onExit().thenAccept(RUNNING::remove);
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.name, ex);
		}
	}

	/** {@code SIGKILL}, as a crash; returns once the process is gone. */
	public void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			awaitExit(STOP_TIMEOUT);
		}
	}

	/**
	 * {@code SIGTERM}, a graceful shutdown; {@code SIGKILL} if it has not exited after 30
	 * s. Returns once the process is gone.
	 */
	public void stop() {
		if (isAlive()) {
			this.process.destroy();
			if (!awaitExit(STOP_TIMEOUT)) {
				kill();
			}
		}
	}

	/**
	 * Wait for the process to exit by itself.
	 * @param timeout how long at most
	 * @return whether it exited
	 */
	public boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	public boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * The exit code of the process, which must have exited.
	 * @return its exit code
	 */
	public int exitValue() {
		return this.process.exitValue();
	}

	public String name() {
		return this.name;
	}

	public Path log() {
		return this.log;
	}

	/**
	 * What the process has printed so far, over all its starts.
	 * @return the log
	 */
	public String output() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		stop();
	}

	private static String javaExecutable() {
		return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
	}

}
