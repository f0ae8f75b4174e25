package io.consumergroups.demo;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.consumergroups.harness.process.OutputListener;

/**
 * Told of every line a process of the demo prints, once it is in the process's log file:
 * the lines worth seeing go on to the console through the {@link ConsoleRelay}, Spring
 * Boot's "Started" line says the service is up, and an exit nobody asked for is said on
 * the console.
 */
final class ServiceOutput implements OutputListener {

	/**
	 * Spring Boot's "Started OrderProcessorApplication in 6.2 seconds": the service is
	 * up.
	 */
	private static final Pattern STARTED = Pattern.compile(".* Started \\w+ in [\\d.]+ seconds.*");

	private final String name;

	private final Path logFile;

	private final ConsoleRelay relay;

	private final CompletableFuture<Boolean> started = new CompletableFuture<>();

	/**
	 * The output of one process.
	 * @param name the process's name, as its lines are prefixed on the console
	 * @param logFile where its output goes, for the note of its exit
	 * @param relay chooses the lines that also go to the console
	 */
	ServiceOutput(String name, Path logFile, ConsoleRelay relay) {
		this.name = name;
		this.logFile = logFile;
		this.relay = relay;
	}

	@Override
	public void line(String line) {
		this.relay.offer(this.name, line);
		if (!this.started.isDone() && isStartedLine(line)) {
			this.started.complete(true);
		}
	}

	@Override
	public void exited(int exitCode, boolean stopRequested) {
		this.started.complete(false);
		if (!stopRequested) {
			this.relay.note(this.name, "exited with code " + exitCode + ": see " + this.logFile);
		}
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

}
