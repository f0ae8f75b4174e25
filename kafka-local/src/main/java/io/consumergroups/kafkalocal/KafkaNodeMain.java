package io.consumergroups.kafkalocal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import kafka.Kafka;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of a node process: Kafka's own {@link Kafka#main(String[])}, plus a
 * watch on the JVM that started the node. {@link LocalKafkaCluster}'s shutdown hook stops
 * the nodes when that JVM exits, but a JVM that is killed runs no hooks: then this watch
 * stops the node, so that no broker outlives its test or demo.
 */
final class KafkaNodeMain {

	/** The system property with the pid of the JVM that started this node. */
	static final String PARENT_PID_PROPERTY = "kafkalocal.parent.pid";

	private static final Logger logger = LoggerFactory.getLogger(KafkaNodeMain.class);

	private KafkaNodeMain() {
	}

	/**
	 * Runs a Kafka node.
	 * @param args what {@code kafka.Kafka} takes: the {@code server.properties} file
	 */
	public static void main(String[] args) {
		Long parentPid = Long.getLong(PARENT_PID_PROPERTY);
		if (parentPid != null) {
			ProcessHandle.of(parentPid)
				.ifPresentOrElse((parent) -> parent.onExit().thenRun(() -> stop(parentPid)), () -> stop(parentPid));
		}
		Kafka.main(args);
	}

	private static void stop(long parentPid) {
		logger.warn("The JVM that started this node (pid {}) is gone: stopping", parentPid);
		// A clean shutdown first; if it hangs, nobody is left to kill this process
		CompletableFuture.delayedExecutor(15, TimeUnit.SECONDS).execute(() -> Runtime.getRuntime().halt(1));
		System.exit(1);
	}

}
