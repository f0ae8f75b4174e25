package io.consumergroups.benchmarks.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.consumergroups.harness.process.JvmProcess;

/**
 * One replica of order-processor, the service under test, run from its executable jar as
 * its own JVM, exactly as deployed: only properties it documents are set.
 */
public final class ProcessorReplica implements AutoCloseable {

	/**
	 * The same heap for every JVM a benchmark compares: the replicas and the plain loop.
	 */
	public static final List<String> HEAP = List.of("-Xms256m", "-Xmx256m");

	private final String instanceId;

	private final JvmProcess process;

	private ProcessorReplica(String instanceId, JvmProcess process) {
		this.instanceId = instanceId;
		this.process = process;
	}

	/**
	 * A replica, not started yet.
	 * @param bed the cluster and the jar
	 * @param instanceId its {@code INSTANCE_ID}: client id, static member id, prefix of
	 * its transactional ids
	 * @param membership how it takes part in the group
	 * @param simulatedWork {@code orders.processor.simulated-work}
	 * @return the replica, to {@link #start()}
	 */
	public static ProcessorReplica create(TestBed bed, String instanceId, Membership membership,
			Duration simulatedWork) {
		return create(bed, instanceId, membership, simulatedWork, false);
	}

	/**
	 * A replica, not started yet, that may start faster at the cost of running slower.
	 * @param bed the cluster and the jar
	 * @param instanceId its {@code INSTANCE_ID}
	 * @param membership how it takes part in the group
	 * @param simulatedWork {@code orders.processor.simulated-work}
	 * @param fastStartOnly C1 only: for scenarios that measure the group, not throughput
	 * @return the replica, to {@link #start()}
	 */
	public static ProcessorReplica create(TestBed bed, String instanceId, Membership membership, Duration simulatedWork,
			boolean fastStartOnly) {
		return create(bed, instanceId, membership, simulatedWork, fastStartOnly, List.of());
	}

	/**
	 * A replica, not started yet, with more settings.
	 * @param bed the cluster and the jar
	 * @param instanceId its {@code INSTANCE_ID}
	 * @param membership how it takes part in the group
	 * @param simulatedWork {@code orders.processor.simulated-work}
	 * @param fastStartOnly C1 only: for scenarios that measure the group, not throughput
	 * @param properties more properties, {@code name=value}
	 * @return the replica, to {@link #start()}
	 */
	public static ProcessorReplica create(TestBed bed, String instanceId, Membership membership, Duration simulatedWork,
			boolean fastStartOnly, List<String> properties) {
		List<String> arguments = new ArrayList<>(
				List.of("--server.port=0", "--spring.kafka.bootstrap-servers=" + bed.bootstrapServers(),
						"--spring.kafka.consumer.group-id=" + membership.groupId(),
						"--orders.processor.group.protocol=" + membership.protocol(),
						"--orders.processor.group.assignor=" + membership.assignor(),
						"--orders.processor.group.static-membership=" + membership.staticMembership(),
						"--orders.processor.group.session-timeout=" + membership.sessionTimeout().toMillis() + "ms",
						"--orders.processor.simulated-work=" + simulatedWork.toMillis() + "ms"));
		properties.forEach((property) -> arguments.add("--" + property));
		JvmProcess process = JvmProcess.jar(instanceId, bed.processor().jar())
			.jvmOptions(bed.processor().jvmOptions(fastStartOnly))
			.arguments(arguments)
			.environment(Map.of("INSTANCE_ID", instanceId))
			.output(bed.output(instanceId))
			.build();
		return new ProcessorReplica(instanceId, process);
	}

	public ProcessorReplica start() {
		this.process.start();
		return this;
	}

	/** {@code SIGKILL}: a crash. */
	public void kill() {
		this.process.kill();
	}

	/** {@code SIGTERM}: a graceful shutdown, as a rolling restart does. */
	public void stop() {
		this.process.stop();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * Fails when the replica has exited, with where its log is.
	 */
	public void requireAlive() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(this.instanceId + " exited; see " + this.process.log());
		}
	}

	@Override
	public void close() {
		this.process.stop();
	}

	/**
	 * Stop replicas at once ({@code SIGTERM}), each shutting down gracefully in parallel.
	 * @param replicas the replicas
	 */
	public static void stopAll(Collection<ProcessorReplica> replicas) {
		replicas.parallelStream().forEach(ProcessorReplica::stop);
	}

	/**
	 * How a replica takes part in the consumer group: the
	 * {@code orders.processor.group.*} properties and the group id.
	 *
	 * @param groupId {@code spring.kafka.consumer.group-id}
	 * @param protocol {@code classic} or {@code consumer}
	 * @param assignor {@code cooperative-sticky} or {@code range} (classic only)
	 * @param staticMembership whether it joins with {@code group.instance.id}
	 * @param sessionTimeout how long the coordinator waits for a silent member
	 */
	public record Membership(String groupId, String protocol, String assignor, boolean staticMembership,
			Duration sessionTimeout) {

		/**
		 * The same membership in another group.
		 * @param otherGroupId the group
		 * @return a copy
		 */
		public Membership inGroup(String otherGroupId) {
			return new Membership(otherGroupId, this.protocol, this.assignor, this.staticMembership,
					this.sessionTimeout);
		}

		/**
		 * The same membership, static or dynamic.
		 * @param isStatic whether to join with {@code group.instance.id}
		 * @return a copy
		 */
		public Membership withStaticMembership(boolean isStatic) {
			return new Membership(this.groupId, this.protocol, this.assignor, isStatic, this.sessionTimeout);
		}

	}

}
