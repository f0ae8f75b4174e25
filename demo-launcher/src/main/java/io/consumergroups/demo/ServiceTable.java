package io.consumergroups.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.consumergroups.events.Topics;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.kafkalocal.LocalKafkaCluster;

/**
 * What a run started, printed once it has: the cluster, then each process with its URL,
 * pid and log, then the group the replicas form.
 */
final class ServiceTable {

	private final PrintStream console;

	private final DemoOptions options;

	private final DemoDirectory directory;

	ServiceTable(PrintStream console, DemoOptions options, DemoDirectory directory) {
		this.console = console;
		this.options = options;
		this.directory = directory;
	}

	/**
	 * Prints the table.
	 * @param cluster the cluster
	 * @param producer the order-producer
	 * @param processors the order-processor replicas
	 * @param fanout the fan-out services and the group-monitor
	 * @param s3proxy the archive's S3, if it runs
	 */
	void print(LocalKafkaCluster cluster, JvmProcess producer, List<JvmProcess> processors, List<JvmProcess> fanout,
			Optional<JvmProcess> s3proxy) {
		int width = Stream.of(List.of(producer), processors, fanout)
			.flatMap(List::stream)
			.mapToInt((process) -> process.name().length())
			.max()
			.orElse(0) + 3;
		String service = "%-" + width + "s%s  pid %d, log %s%s%n";
		this.console.println();
		this.console.printf("%-" + width + "s%s  (nodes %s)%n", "Kafka:", cluster.bootstrapServers(),
				cluster.nodeIds()
					.stream()
					.map((id) -> id + ": pid " + cluster.pid(id))
					.collect(Collectors.joining(", ")));
		if (this.options.secure()) {
			this.console.printf("%-" + width + "s%s%n", "",
					"SASL_SSL, SCRAM-SHA-512: each service its own user, granted only what "
							+ "kafka-local/src/main/resources/acls.txt says");
		}
		this.console.printf(service, producer.name() + ":", producer.url(), producer.pid(), relative(producer.log()),
				", " + this.options.rate() + " orders/s");
		for (JvmProcess processor : processors) {
			this.console.printf(service, processor.name() + ":", processor.url(), processor.pid(),
					relative(processor.log()), "");
		}
		for (JvmProcess other : fanout) {
			this.console.printf(service, other.name() + ":", other.url(), other.pid(), relative(other.log()),
					other.port() == ServicePort.GROUP_MONITOR.port() ? ", every group's members and lag"
							: ", its own group on " + Topics.ORDERS);
		}
		s3proxy.ifPresent((proxy) -> this.console.printf(service, "s3proxy:", S3Proxy.endpoint(), proxy.pid(),
				relative(proxy.log()), ", the archive's S3 in " + relative(this.directory.s3())));
		if (this.options.share()) {
			this.console.printf("%-" + width + "s%s, share group (KIP-932), %d replicas sharing topic %s%n%n", "Group:",
					DemoRun.SHARE_GROUP, processors.size(), Topics.ORDERS);
			return;
		}
		this.console.printf("%-" + width + "s%s, %s protocol, %s membership, %d replicas reading topic %s%n%n",
				"Group:", DemoRun.GROUP, this.options.protocol(),
				this.options.staticMembership() ? "static" : "dynamic", processors.size(), Topics.ORDERS);
	}

	private Path relative(Path path) {
		return this.directory.relative(path);
	}

}
