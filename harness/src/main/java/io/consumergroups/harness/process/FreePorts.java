package io.consumergroups.harness.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * TCP ports for the processes this JVM starts: free when chosen, and never handed out
 * twice. The system may give the same free port to two calls in a row; two services
 * started together then race for it, and the loser's health check is answered by the
 * winner.
 */
public final class FreePorts {

	private static final FreePorts SYSTEM = new FreePorts(FreePorts::freeNow);

	private final IntSupplier freeNow;

	private final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	/**
	 * @param freeNow a port free at the moment of the call, as the system chooses it
	 */
	FreePorts(IntSupplier freeNow) {
		this.freeNow = freeNow;
	}

	/**
	 * A port free now that no earlier call in this JVM returned.
	 * @return the port
	 */
	public static int next() {
		return SYSTEM.take();
	}

	int take() {
		while (true) {
			int port = this.freeNow.getAsInt();
			if (this.handedOut.add(port)) {
				return port;
			}
		}
	}

	private static int freeNow() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port", ex);
		}
	}

}
