package io.consumergroups.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads commands typed while the demo runs, one per line: a name and its arguments, as in
 * {@code status} or {@code kill order-processor-2}. Each command is registered with
 * {@link #command}, so adding one is one line where the demo is wired.
 */
final class CommandLoop {

	private static final Logger logger = LoggerFactory.getLogger(CommandLoop.class);

	private final Map<String, Command> commands = new LinkedHashMap<>();

	private final PrintStream console;

	CommandLoop(PrintStream console) {
		this.console = console;
	}

	/**
	 * Adds a command.
	 * @param name what the user types
	 * @param description one line for the help, e.g. {@code "stop everything"}
	 * @param action what it does
	 * @return this loop
	 */
	CommandLoop command(String name, String description, Action action) {
		this.commands.put(name, new Command(description, action));
		return this;
	}

	/**
	 * Runs commands read from the input until it ends.
	 * @param input the lines typed
	 * @throws IOException if the input cannot be read
	 */
	void run(BufferedReader input) throws IOException {
		String line;
		while ((line = input.readLine()) != null) {
			execute(line);
		}
	}

	/**
	 * Runs one command line; an unknown command prints the list of commands.
	 * @param line what the user typed
	 */
	void execute(String line) {
		List<String> words = Arrays.stream(line.trim().split("\\s+")).filter((word) -> !word.isEmpty()).toList();
		if (words.isEmpty()) {
			return;
		}
		Command command = this.commands.get(words.get(0).toLowerCase(Locale.ROOT));
		if (command == null) {
			this.console.println(help());
			return;
		}
		try {
			command.action().run(words.subList(1, words.size()));
		}
		catch (Exception ex) {
			logger.debug("Command '{}' failed", line, ex);
			this.console.println(words.get(0) + " failed: " + ex.getMessage());
		}
	}

	/**
	 * The one-line help.
	 * @return e.g.
	 * {@code Commands: status (the group's assignment), quit (stop everything)}
	 */
	String help() {
		StringJoiner help = new StringJoiner(", ", "Commands: ", "");
		this.commands.forEach((name, command) -> help.add(name + " (" + command.description() + ")"));
		return help.toString();
	}

	/**
	 * What a command does.
	 */
	@FunctionalInterface
	interface Action {

		/**
		 * Runs the command.
		 * @param arguments the words typed after its name
		 * @throws Exception if it failed: the message is shown
		 */
		void run(List<String> arguments) throws Exception;

	}

	private record Command(String description, Action action) {

	}

}
