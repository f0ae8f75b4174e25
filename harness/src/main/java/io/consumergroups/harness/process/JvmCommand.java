package io.consumergroups.harness.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link JvmProcess} runs and how each start launches it: {@code java} from this
 * JVM's {@code java.home} with its options, what it runs and its arguments, then the
 * arguments of its {@link ListenPort}; the environment added to this JVM's; standard
 * input from the null device and the output where {@link ProcessOutput} says.
 */
final class JvmCommand {

	private final String name;

	private final List<String> command;

	private final Map<String, String> environment;

	private final ProcessOutput output;

	private final Duration exitGrace;

	/**
	 * @param name the process's name, for messages and its output thread
	 * @param command {@code java} and its arguments, without the port's
	 * @param environment variables added to this JVM's environment
	 * @param output where the output goes
	 * @param exitGrace how long it may take to stop on SIGTERM when this JVM exits
	 */
	JvmCommand(String name, List<String> command, Map<String, String> environment, ProcessOutput output,
			Duration exitGrace) {
		this.name = name;
		this.command = List.copyOf(command);
		this.environment = Map.copyOf(environment);
		this.output = output;
		this.exitGrace = exitGrace;
	}

	/**
	 * Where the output goes, over every start.
	 * @return the log file
	 */
	Path log() {
		return this.output.file();
	}

	/**
	 * The command line of a start.
	 * @param portArguments the port's arguments, last
	 * @return {@code java} and its arguments
	 */
	List<String> line(List<String> portArguments) {
		List<String> line = new ArrayList<>(this.command);
		line.addAll(portArguments);
		return line;
	}

	/**
	 * Launch the process once; its output is appended to the same log at every start.
	 * @param portArguments the port's arguments, last
	 * @return the running process
	 */
	RunningJvm start(List<String> portArguments) {
		try {
			Files.createDirectories(this.output.file().toAbsolutePath().getParent());
			ProcessBuilder builder = new ProcessBuilder(line(portArguments)).redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
			if (this.output instanceof ProcessOutput.ToFile) {
				builder.redirectOutput(ProcessBuilder.Redirect.appendTo(this.output.file().toFile()));
			}
			builder.environment().putAll(this.environment);
			Process process = builder.start();
			RunningProcesses.add(process.toHandle(), this.exitGrace);
			return RunningJvm.of(this.name, process, this.output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.name, ex);
		}
	}

	private static File nullDevice() {
		return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
	}

}
