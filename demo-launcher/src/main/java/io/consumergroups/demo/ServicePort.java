package io.consumergroups.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The ports of the demo, in one table: each service's HTTP port, Kafka's and S3Proxy's.
 * The same ports are written where each tool needs them: a service's default
 * {@code server.port} in its {@code <service>.yml}, the ports {@code docker-compose.yml}
 * publishes, the README's tables. {@code ServicePortsTest} (integration-tests) fails when
 * one of those disagrees with this table.
 */
public enum ServicePort {

	/** The live page and {@code GET /api/groups}. */
	GROUP_MONITOR("group-monitor", 8080),

	/** {@code POST /orders}, {@code /generator}. */
	ORDER_PRODUCER("order-producer", 8081),

	/**
	 * A replica's default, and its port in a container; the demo runs several replicas on
	 * one machine, replica {@code K} on {@link #processorReplica(int) 8090 + K}.
	 */
	ORDER_PROCESSOR("order-processor", 8082),

	/** {@code GET /notifications/recent}. */
	NOTIFICATION_SERVICE("notification-service", 8083),

	/** {@code GET /analytics/...}, Kafka Streams' interactive queries. */
	ANALYTICS_SERVICE("analytics-service", 8084),

	/** {@code GET /archive/objects}. */
	ARCHIVE_SERVICE("archive-service", 8085);

	/** The first Kafka node's broker port: node {@code N} listens on 9091 + N. */
	public static final int FIRST_KAFKA_NODE = 9092;

	/**
	 * S3Proxy, the archive-service's S3 in the demo (MinIO's API in docker-compose.yml).
	 */
	public static final int S3PROXY = 9000;

	/** The demo's order-processor replica {@code K} listens on this plus {@code K}. */
	private static final int PROCESSOR_REPLICA_BASE = 8090;

	private final String service;

	private final int port;

	ServicePort(String service, int port) {
		this.service = service;
		this.port = port;
	}

	/**
	 * The service's name: its Maven module, its config file {@code <service>.yml}, its
	 * service in {@code docker-compose.yml}.
	 * @return e.g. {@code order-producer}
	 */
	public String service() {
		return this.service;
	}

	/**
	 * The port its HTTP server listens on.
	 * @return e.g. {@code 8081}
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The port of one of the demo's order-processor replicas.
	 * @param replica its number, from 1
	 * @return e.g. {@code 8092} for {@code order-processor-2}
	 */
	public static int processorReplica(int replica) {
		return PROCESSOR_REPLICA_BASE + replica;
	}

	/**
	 * The broker ports of a cluster's nodes.
	 * @param nodes how many nodes
	 * @return e.g. {@code [9092, 9093, 9094]} for 3
	 */
	public static List<Integer> kafkaNodes(int nodes) {
		return IntStream.range(FIRST_KAFKA_NODE, FIRST_KAFKA_NODE + nodes).boxed().toList();
	}

	/**
	 * Every fixed port a run needs, so that it can fail before it starts anything if one
	 * is taken.
	 * @param options what runs
	 * @return the ports
	 */
	static List<Integer> neededBy(DemoOptions options) {
		List<Integer> ports = new ArrayList<>(kafkaNodes(options.brokers()));
		ports.add(ORDER_PRODUCER.port);
		for (int replica = 1; replica <= options.processors(); replica++) {
			ports.add(processorReplica(replica));
		}
		if (options.fanout()) {
			ports.addAll(List.of(GROUP_MONITOR.port, NOTIFICATION_SERVICE.port, ANALYTICS_SERVICE.port,
					ARCHIVE_SERVICE.port, S3PROXY));
		}
		return ports;
	}

}
