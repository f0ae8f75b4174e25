package io.consumergroups.benchmarks.brokercost;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.consumergroups.benchmarks.harness.ClusterProbe;
import io.consumergroups.benchmarks.harness.CpuUse;
import io.consumergroups.benchmarks.harness.Pause;
import io.consumergroups.benchmarks.harness.ProcessorLauncher;
import io.consumergroups.benchmarks.harness.ProcessorReplica;
import io.consumergroups.benchmarks.harness.TestBed;
import io.consumergroups.benchmarks.throughput.PlainOrderLoop;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderSeries;
import io.consumergroups.harness.orders.SteadyOrders;
import io.consumergroups.kafkalocal.LocalKafkaCluster;

/**
 * What the brokers' CPU is at a low, steady rate of orders, for one consumer setup after
 * another on the same cluster: a plain kafka-clients loop with Kafka's defaults
 * ({@link PlainOrderLoop}, 500 records per poll, retry back-off 100 ms) and
 * order-processor replicas, exactly-once or at-least-once. The brokers' CPU is read from
 * {@code /proc} (user + system time of their processes, {@link CpuUse}), which a busy
 * machine distorts less than wall-clock latencies, and split into HotSpot's JIT compiler
 * threads and the rest: fresh brokers spend minutes compiling.
 * <p>
 * {@code BrokerCost <brokers> <orders-per-second> <warm-up-s> <window-s> <windows> <setup>...}
 * where a setup is {@code plain-eos}, {@code plain-alo}, {@code processor-eos[:replicas]}
 * or {@code processor-alo[:replicas]}, optionally followed by {@code ,name=value}
 * properties for order-processor. Prints one line per window.
 */
public final class BrokerCost {

	private static final String PLAIN_STATUS_TOPIC = "plain-order-status";

	private BrokerCost() {
	}

	public static void main(String[] args) {
		if (args.length < 6) {
			System.err.println("Usage: BrokerCost <brokers> <orders-per-second> <warm-up-s> <window-s> <windows> "
					+ "<plain-eos|plain-alo|processor-eos[:replicas]|processor-alo[:replicas]>[,name=value]...");
			System.exit(2);
		}
		int brokers = Integer.parseInt(args[0]);
		double rate = Double.parseDouble(args[1]);
		Duration warmUp = Duration.ofSeconds(Long.parseLong(args[2]));
		Duration window = Duration.ofSeconds(Long.parseLong(args[3]));
		int windows = Integer.parseInt(args[4]);
		Path logs = Path.of("benchmarks/target/bench-logs",
				"broker-cost-" + Instant.now().toString().replace(':', '-'));
		ProcessorLauncher processor = new ProcessorLauncher(Path.of("benchmarks/target/services/order-processor.jar"),
				Path.of("benchmarks/target/services/order-processor"));
		try (LocalKafkaCluster cluster = LocalKafkaCluster.builder().nodes(brokers).start();
				ClusterProbe probe = new ClusterProbe(cluster.bootstrapServers())) {
			TestBed bed = new TestBed(cluster.bootstrapServers(), brokers, processor, logs);
			probe.createTopic(Topics.ORDERS, 6);
			probe.createTopic(PLAIN_STATUS_TOPIC, 6);
			boolean prepared = false;
			for (int i = 5; i < args.length; i++) {
				Setup setup = Setup.parse(args[i]);
				if (setup.processor() && !prepared) {
					processor.prepare(bed.bootstrapServers(), logs);
					prepared = true;
				}
				List<AutoCloseable> consumers = setup.start(bed, "broker-cost-" + i);
				try (SteadyOrders orders = SteadyOrders.to(bed.clientSettings())
					.perSecond(rate)
					.orders(OrderSeries.stamped("cost-" + i + "-"))
					.start()) {
					Pause.of(warmUp);
					for (int w = 1; w <= windows; w++) {
						long sentBefore = orders.sentCount();
						CpuUse.Snapshot before = CpuUse.take();
						Pause.of(window);
						CpuUse.Interval cpu = before.until(CpuUse.take());
						long sent = orders.sentCount() - sentBefore;
						double brokerCores = cpu.byRole().get(CpuUse.Role.BROKERS);
						double jitCores = cpu.jitByRole().get(CpuUse.Role.BROKERS);
						System.out.printf(
								"%s, %d brokers, %.0f orders/s, window %d of %d (%.0f s): brokers %.0f %% of a core "
										+ "(JIT compiler threads %.0f %%, the rest %.0f %%), %.1f CPU ms per order "
										+ "(%.1f without JIT), machine %.2f of %d cores%n",
								args[i], brokers, rate, w, windows, cpu.seconds(), brokerCores * 100, jitCores * 100,
								(brokerCores - jitCores) * 100, brokerCores * cpu.seconds() * 1000 / sent,
								(brokerCores - jitCores) * cpu.seconds() * 1000 / sent, cpu.machine(),
								CpuUse.Interval.cores());
					}
				}
				finally {
					for (AutoCloseable consumer : consumers) {
						close(consumer);
					}
				}
			}
		}
		// Clients' and the cluster's non-daemon threads must not keep the JVM alive
		System.exit(0);
	}

	private static void close(AutoCloseable consumer) {
		try {
			consumer.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not stop " + consumer, ex);
		}
	}

	/**
	 * One consumer setup.
	 *
	 * @param kind plain-eos, plain-alo, processor-eos or processor-alo
	 * @param replicas how many consumers
	 * @param properties order-processor's extra properties
	 */
	record Setup(String kind, int replicas, List<String> properties) {

		static Setup parse(String argument) {
			String[] parts = argument.split(",");
			String[] kindAndCount = parts[0].split(":");
			String kind = kindAndCount[0];
			if (!List.of("plain-eos", "plain-alo", "processor-eos", "processor-alo").contains(kind)) {
				throw new IllegalArgumentException("Unknown setup " + argument);
			}
			int replicas = (kindAndCount.length > 1) ? Integer.parseInt(kindAndCount[1]) : 1;
			return new Setup(kind, replicas, List.of(parts).subList(1, parts.length));
		}

		boolean processor() {
			return this.kind.startsWith("processor-");
		}

		List<AutoCloseable> start(TestBed bed, String group) {
			List<AutoCloseable> started = new ArrayList<>();
			for (int r = 0; r < this.replicas; r++) {
				String name = group + "-" + this.kind + "-" + r;
				if (processor()) {
					List<String> properties = new ArrayList<>(this.properties);
					properties.add("orders.processor.exactly-once=" + this.kind.equals("processor-eos"));
					ProcessorReplica.Membership membership = new ProcessorReplica.Membership(group, "classic",
							"cooperative-sticky", true, Duration.ofSeconds(10));
					started
						.add(ProcessorReplica.create(bed, name, membership, Duration.ZERO, false, properties).start());
				}
				else {
					// Kafka's defaults: 500 records per poll, a retry back-off of 100 ms
					String mode = this.kind.equals("plain-eos") ? "eos-per-poll" : "at-least-once";
					started.add(bed
						.mainClass(name, ProcessorReplica.HEAP, PlainOrderLoop.class.getName(),
								List.of(bed.bootstrapServers(), group, name, mode, PLAIN_STATUS_TOPIC, "500", "100"))
						.start());
				}
			}
			return started;
		}

	}

}
