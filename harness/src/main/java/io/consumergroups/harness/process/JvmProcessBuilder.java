package io.consumergroups.harness.process;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link JvmProcess} starts and how: its command line, environment, output, port
 * and timeouts. Made by {@link JvmProcess#jar}, {@link JvmProcess#mainClass} or
 * {@link JvmProcess#java}.
 */
public final class JvmProcessBuilder {

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

	/**
	 * @param name the process's name
	 * @param target what the JVM runs, after its options: {@code -jar <jar>}, a class
	 * path and a main class, or nothing
	 */
	JvmProcessBuilder(String name, List<String> target) {
		this.name = name;
		this.target = target;
	}

	/**
	 * Options of the JVM, before what it runs: heap, compiler, class data sharing, system
	 * properties.
	 * @param options the options
	 * @return this builder
	 */
	public JvmProcessBuilder jvmOptions(List<String> options) {
		this.jvmOptions.addAll(options);
		return this;
	}

	/**
	 * Arguments of the program, after what the JVM runs.
	 * @param arguments the arguments, e.g. {@code --name=value} properties
	 * @return this builder
	 */
	public JvmProcessBuilder arguments(List<String> arguments) {
		this.arguments.addAll(arguments);
		return this;
	}

	/**
	 * Variables added to this JVM's environment for the process.
	 * @param environment name to value
	 * @return this builder
	 */
	public JvmProcessBuilder environment(Map<String, String> environment) {
		this.environment.putAll(environment);
		return this;
	}

	/**
	 * Where its output goes: required.
	 * @param output the log file, and who else reads it
	 * @return this builder
	 */
	public JvmProcessBuilder output(ProcessOutput output) {
		this.output = output;
		return this;
	}

	/**
	 * The port the process listens on, which its arguments already tell it: for
	 * {@link JvmProcess#url()} and the health check.
	 * @param port the port
	 * @return this builder
	 */
	public JvmProcessBuilder port(int port) {
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
	public JvmProcessBuilder serverPort(int port) {
		this.port = port;
		this.serverPortArgument = true;
		return this;
	}

	/**
	 * How long {@link JvmProcess#stop()} waits for a graceful shutdown before SIGKILL: 30
	 * s unless told.
	 * @param timeout the timeout
	 * @return this builder
	 */
	public JvmProcessBuilder stopTimeout(Duration timeout) {
		this.stopTimeout = timeout;
		return this;
	}

	/**
	 * How long the process may take to stop on SIGTERM when this JVM exits with it still
	 * running, before SIGKILL: zero (SIGKILL at once) unless told. A launcher that stops
	 * its services gracefully in its own shutdown hook gives them that long.
	 * @param grace the grace
	 * @return this builder
	 */
	public JvmProcessBuilder exitGrace(Duration grace) {
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
		return new JvmProcess(this.name,
				new JvmCommand(this.name, command(), this.environment, this.output, this.exitGrace),
				new ListenPort(this.port, this.serverPortArgument), this.stopTimeout);
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
