package io.consumergroups.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * Chooses which lines of a service's log also go to the console: what the demo is about
 * (orders processed, partitions assigned, revoked or lost) and what went wrong. The rest
 * stays in the service's log file.
 */
final class ConsoleRelay {

	private static final List<String> RELAYED = List.of("is processed by", " assigned ", " revoked ", " lost ");

	private static final List<String> LEVELS = List.of("WARN", "ERROR");

	private final PrintStream console;

	private volatile boolean muted;

	ConsoleRelay(PrintStream console) {
		this.console = console;
	}

	/**
	 * Prints the line, prefixed with the service's name, if it is worth seeing.
	 * @param service the service's name, e.g. {@code order-processor-2}
	 * @param line a line of its log
	 */
	void offer(String service, String line) {
		if (this.muted) {
			return;
		}
		toConsole(service, line).ifPresent(this.console::println);
	}

	/**
	 * Prints a note about the service, e.g. that it exited.
	 * @param service the service's name
	 * @param note what happened
	 */
	void note(String service, String note) {
		if (this.muted) {
			return;
		}
		this.console.println("[" + service + "] " + note);
	}

	/**
	 * Stops relaying: while everything stops, the services' warnings about brokers going
	 * away are expected, and stay in their log files.
	 */
	void mute() {
		this.muted = true;
	}

	/**
	 * The console line for a log line, if it is relayed: Spring Boot's prefix (timestamp,
	 * pid, thread, logger) dropped, the level kept for warnings and errors.
	 * @param service the service's name
	 * @param line a line of its log
	 * @return the line to print, or empty if it stays in the log file
	 */
	static Optional<String> toConsole(String service, String line) {
		Optional<String> level = level(line);
		if (level.isEmpty() && RELAYED.stream().noneMatch(line::contains) && !ServiceOutput.isStartedLine(line)) {
			return Optional.empty();
		}
		String message = message(line);
		return Optional.of("[" + service + "] " + level.map((name) -> name + " ").orElse("") + message);
	}

	private static Optional<String> level(String line) {
		// Spring Boot's console pattern: "<timestamp> <level> <pid> --- [app]
		// [thread]..."
		String[] words = line.trim().split("\\s+", 3);
		if (words.length >= 2 && LEVELS.contains(words[1])) {
			return Optional.of(words[1]);
		}
		return Optional.empty();
	}

	private static String message(String line) {
		int header = line.indexOf(" --- ");
		int separator = (header >= 0) ? line.indexOf(" : ", header) : -1;
		return (separator >= 0) ? line.substring(separator + 3) : line;
	}

}
