package io.consumergroups.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * Checks that the demo's fixed ports are free before it starts what listens on them.
 */
final class FixedPortsCheck {

	private FixedPortsCheck() {
	}

	/**
	 * Fails before anything starts if a port a run needs is taken, most likely by a
	 * previous demo that is still running.
	 * @param options what runs
	 * @param directory the demo's directory, to name a previous run's processes
	 * @throws IllegalStateException if a port is taken
	 */
	static void require(DemoOptions options, DemoDirectory directory) {
		List<Integer> ports = ServicePort.neededBy(options);
		for (int port : ports) {
			if (!isFree(port)) {
				throw new IllegalStateException("Port " + port + " is in use: is a previous demo still running?"
						+ directory.previousRunHint() + " The demo needs ports " + ports + ".");
			}
		}
	}

	/**
	 * Fails if a port is taken.
	 * @param port the port a process is about to listen on
	 * @throws IllegalStateException if it is taken
	 */
	static void require(int port) {
		if (!isFree(port)) {
			throw new IllegalStateException("port " + port + " is in use");
		}
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
