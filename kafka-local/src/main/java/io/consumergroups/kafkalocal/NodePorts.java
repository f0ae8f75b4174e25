package io.consumergroups.kafkalocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The two ports of one node: the broker's, for clients and replication, and the
 * controller's, for the KRaft metadata quorum.
 *
 * @param nodeId the node's id, 1 to n
 * @param brokerPort the {@code PLAINTEXT} listener's port
 * @param controllerPort the {@code CONTROLLER} listener's port
 */
record NodePorts(int nodeId, int brokerPort, int controllerPort) {

	/** With fixed ports the controllers listen this far above the brokers: 9192, 9193… */
	static final int CONTROLLER_PORT_OFFSET = 100;

	/**
	 * The address clients bootstrap from.
	 * @return {@code localhost:<brokerPort>}
	 */
	String brokerAddress() {
		return "localhost:" + this.brokerPort;
	}

	/**
	 * Fixed ports, the same on every run, so that services and scripts can be configured
	 * once: node {@code i} listens on {@code firstBrokerPort + i - 1} and its controller
	 * on 100 above that.
	 * @param nodes how many nodes
	 * @param firstBrokerPort the broker port of node 1
	 * @return the ports of nodes 1 to {@code nodes}
	 */
	static List<NodePorts> fixed(int nodes, int firstBrokerPort) {
		int lastControllerPort = firstBrokerPort + CONTROLLER_PORT_OFFSET + nodes - 1;
		if (firstBrokerPort < 1 || lastControllerPort > 65535) {
			throw new IllegalArgumentException("The first broker port must be between 1 and "
					+ (65535 - CONTROLLER_PORT_OFFSET - nodes + 1) + " (0 for random ports), was " + firstBrokerPort);
		}
		List<NodePorts> ports = new ArrayList<>();
		for (int nodeId = 1; nodeId <= nodes; nodeId++) {
			int brokerPort = firstBrokerPort + nodeId - 1;
			ports.add(new NodePorts(nodeId, brokerPort, brokerPort + CONTROLLER_PORT_OFFSET));
		}
		return ports;
	}

	/**
	 * Free ports chosen by the operating system, for tests that run side by side.
	 * @param nodes how many nodes
	 * @return the ports of nodes 1 to {@code nodes}
	 */
	static List<NodePorts> random(int nodes) {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			// All sockets stay open until every port is chosen, so no port is chosen
			// twice
			for (int i = 0; i < 2 * nodes; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			List<NodePorts> ports = new ArrayList<>();
			for (int nodeId = 1; nodeId <= nodes; nodeId++) {
				ports.add(new NodePorts(nodeId, sockets.get(2 * nodeId - 2).getLocalPort(),
						sockets.get(2 * nodeId - 1).getLocalPort()));
			}
			return ports;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find free ports", ex);
		}
		finally {
			sockets.forEach(NodePorts::closeQuietly);
		}
	}

	/**
	 * Fails when a port of this node is taken, before a broker fails on it in its log.
	 * @throws IllegalStateException if a port is in use
	 */
	void requireFree() {
		for (int port : new int[] { this.brokerPort, this.controllerPort }) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(true);
				socket.bind(new InetSocketAddress("localhost", port));
			}
			catch (IOException ex) {
				throw new IllegalStateException("Port " + port + " of Kafka node " + this.nodeId
						+ " is in use: is another Kafka running? Stop it, or choose other ports", ex);
			}
		}
	}

	private static void closeQuietly(ServerSocket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// The port was only reserved: nothing to clean up
		}
	}

}
