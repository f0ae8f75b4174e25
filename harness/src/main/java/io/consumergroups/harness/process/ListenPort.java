package io.consumergroups.harness.process;

import java.net.URI;
import java.util.List;

/**
 * The port a {@link JvmProcess} listens on, and where its HTTP API answers. A Spring Boot
 * service may be given it as {@code --server.port}; one that finds it taken by another
 * process meanwhile (free when chosen) is moved to another {@link FreePorts free port},
 * up to three times.
 */
final class ListenPort {

	/** Spring Boot's words when its port is taken. */
	private static final String PORT_IN_USE = "Port %d was already in use";

	private final boolean serverPortArgument;

	private int port;

	private int retries = 3;

	/**
	 * @param port the port; 0 for none
	 * @param serverPortArgument whether the process is given it as {@code --server.port}
	 */
	ListenPort(int port, boolean serverPortArgument) {
		this.port = port;
		this.serverPortArgument = serverPortArgument;
	}

	synchronized int number() {
		return this.port;
	}

	synchronized URI url() {
		return URI.create("http://localhost:" + this.port);
	}

	/**
	 * The arguments that give the process its port.
	 * @return {@code --server.port=<port>}, or none
	 */
	synchronized List<String> arguments() {
		return this.serverPortArgument ? List.of("--server.port=" + this.port) : List.of();
	}

	/**
	 * Move to another free port if the service said its port was taken, and retries are
	 * left.
	 * @param output what the service printed
	 * @return whether it moved, and is to be started again
	 */
	synchronized boolean movedIfTaken(String output) {
		if (this.serverPortArgument && this.retries > 0 && output.contains(PORT_IN_USE.formatted(this.port))) {
			this.retries--;
			this.port = FreePorts.next();
			return true;
		}
		return false;
	}

}
