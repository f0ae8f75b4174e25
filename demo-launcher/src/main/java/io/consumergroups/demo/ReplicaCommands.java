package io.consumergroups.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.consumergroups.harness.process.JvmProcess;

/**
 * The commands typed while the demo runs that act on the order-processor replicas:
 * {@code scale}, {@code kill}, {@code stop} and {@code restart}. Each says what it did;
 * the group's answer is the watch's to print.
 */
final class ReplicaCommands {

	private static final String PROCESSOR = ServicePort.ORDER_PROCESSOR.service();

	private static final Pattern REPLICA_NAME = Pattern.compile(PROCESSOR + "-(\\d+)");

	private final ProcessorReplicas replicas;

	private final ServiceLauncher launcher;

	private final GroupAssignmentWatch watch;

	private final PrintStream console;

	private final ConsoleRelay relay;

	/**
	 * Commands on the replicas of a started run.
	 * @param replicas the replicas
	 * @param launcher starts a replica
	 * @param watch the watch on the group, told which members leave and come back
	 * @param console where to print
	 * @param relay where to say that a replica stopped
	 */
	ReplicaCommands(ProcessorReplicas replicas, ServiceLauncher launcher, GroupAssignmentWatch watch,
			PrintStream console, ConsoleRelay relay) {
		this.replicas = replicas;
		this.launcher = launcher;
		this.watch = watch;
		this.console = console;
		this.relay = relay;
	}

	/**
	 * {@code scale order-processor N}: starts replicas under the lowest free names, or
	 * stops the highest-numbered running ones gracefully, until {@code N} run.
	 * @param arguments {@code order-processor} and {@code N}
	 * @throws IOException if a replica cannot be started
	 */
	void scale(List<String> arguments) throws IOException {
		if (arguments.size() != 2 || !arguments.get(0).equals(PROCESSOR)) {
			throw new IllegalArgumentException("usage: scale " + PROCESSOR + " N (only " + PROCESSOR
					+ " scales; N from 0 to " + DemoOptions.MAX_PROCESSORS + ")");
		}
		int target = DemoOptions.number("N", arguments.get(1), 0, DemoOptions.MAX_PROCESSORS);
		List<JvmProcess> toStop = new ArrayList<>();
		List<String> started = new ArrayList<>();
		synchronized (this.replicas) {
			this.replicas.requireOpen();
			List<Integer> running = this.replicas.running();
			for (int replica = 1; running.size() + started.size() < target; replica++) {
				if (!running.contains(replica)) {
					FixedPortsCheck.require(ServicePort.processorReplica(replica));
					JvmProcess process = start(replica);
					started.add(process.name() + " (pid " + process.pid() + ", " + process.url() + ")");
				}
			}
			for (int i = running.size() - 1; i >= target; i--) {
				toStop.add(this.replicas.get(running.get(i)));
			}
		}
		if (!started.isEmpty()) {
			this.console.println("Starting " + String.join(", ", started));
		}
		stopInBackground(toStop);
		if (started.isEmpty() && toStop.isEmpty()) {
			this.console.println(target + " " + PROCESSOR + " replicas are running already");
		}
	}

	/**
	 * {@code kill order-processor-K}: SIGKILL, a crash.
	 * @param arguments the replica's name
	 */
	void kill(List<String> arguments) {
		JvmProcess replica = runningReplica("kill", arguments);
		replica.kill();
		this.watch.memberGone(replica.name());
		this.console.printf("Killed %s (SIGKILL, pid %d): the group takes its partitions back only when its "
				+ "session times out%n", replica.name(), replica.pid());
	}

	/**
	 * {@code stop order-processor-K}: SIGTERM, a graceful stop.
	 * @param arguments the replica's name
	 */
	void stop(List<String> arguments) {
		stopInBackground(List.of(runningReplica("stop", arguments)));
	}

	/**
	 * {@code restart order-processor-K}: starts a stopped or killed replica again with
	 * the same name, so the same {@code group.instance.id}; a running one is stopped
	 * first.
	 * @param arguments the replica's name
	 * @throws Exception if it cannot be stopped or started
	 */
	void restart(List<String> arguments) throws Exception {
		int number = replicaNumber("restart", arguments);
		JvmProcess previous;
		synchronized (this.replicas) {
			this.replicas.requireOpen();
			previous = this.replicas.get(number);
		}
		if (previous.isAlive()) {
			this.console.println("Stopping " + previous.name() + " (SIGTERM)");
			previous.requestStop();
			this.watch.memberGone(previous.name());
			DemoRun.awaitStop(previous, DemoRun.STOP_TIMEOUT);
		}
		synchronized (this.replicas) {
			this.replicas.requireOpen();
			FixedPortsCheck.require(previous.port());
			JvmProcess replica = start(number);
			this.watch.memberBack(previous.name());
			this.console.printf("Restarting %s (pid %d) with the same instance id%n", replica.name(), replica.pid());
		}
	}

	private JvmProcess start(int number) throws IOException {
		JvmProcess replica = this.launcher.startProcessor(number);
		this.replicas.put(number, replica);
		return replica;
	}

	private void stopInBackground(List<JvmProcess> replicas) {
		if (replicas.isEmpty()) {
			return;
		}
		this.console.println(
				"Stopping " + replicas.stream().map(JvmProcess::name).collect(Collectors.joining(", ")) + " (SIGTERM)");
		replicas.forEach(JvmProcess::requestStop);
		replicas.forEach((replica) -> this.watch.memberGone(replica.name()));
		Thread waiting = new Thread(() -> replicas.forEach((replica) -> {
			DemoRun.awaitStop(replica, DemoRun.STOP_TIMEOUT);
			this.relay.note(replica.name(), "stopped");
		}), "demo-stop");
		waiting.setDaemon(true);
		waiting.start();
	}

	private JvmProcess runningReplica(String command, List<String> arguments) {
		int number = replicaNumber(command, arguments);
		synchronized (this.replicas) {
			this.replicas.requireOpen();
			JvmProcess replica = this.replicas.get(number);
			if (!replica.isAlive()) {
				throw new IllegalArgumentException(
						replica.name() + " is not running (restart " + replica.name() + " starts it again)");
			}
			return replica;
		}
	}

	private int replicaNumber(String command, List<String> arguments) {
		if (arguments.size() != 1) {
			throw new IllegalArgumentException("usage: " + command + " " + PROCESSOR + "-K");
		}
		Matcher name = REPLICA_NAME.matcher(arguments.get(0));
		Integer number = name.matches() && name.group(1).length() < 4 ? Integer.valueOf(name.group(1)) : null;
		if (number == null || this.replicas.get(number) == null) {
			throw new IllegalArgumentException("no replica named '" + arguments.get(0) + "'; the replicas are "
					+ this.replicas.all().stream().map(JvmProcess::name).collect(Collectors.joining(", ")));
		}
		return number;
	}

}
