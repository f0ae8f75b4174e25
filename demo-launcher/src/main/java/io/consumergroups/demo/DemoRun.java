package io.consumergroups.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.consumergroups.events.Topics;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.kafkalocal.LocalKafkaCluster;
import io.consumergroups.kafkalocal.LocalKafkaClusterBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the demo: a local Kafka cluster, the order-producer and the order-processor
 * replicas, each its own process, and the watch on the group. Everything it starts, it
 * stops in {@link #close()}: the services first, while the brokers still answer, then the
 * cluster.
 */
final class DemoRun implements AutoCloseable {

	static final String GROUP = "order-processors";

	/** order-processor's {@code orders.processor.group.share-group-id}. */
	static final String SHARE_GROUP = "order-processors-share";

	/**
	 * Spring Boot stops gracefully within its 30 s default; a replica finishing its
	 * current batch takes far less. Past this, SIGKILL.
	 */
	static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private static final Logger logger = LoggerFactory.getLogger(DemoRun.class);

	private final DemoOptions options;

	private final Path root;

	private final DemoDirectory directory;

	private final PrintStream console;

	private final ConsoleRelay relay;

	private final ServiceJson services = new ServiceJson();

	private final ProcessorReplicas processors = new ProcessorReplicas();

	private final ProcessedOrders processedOrders = new ProcessedOrders(this.services, this.processors::all);

	private final StatusReport status = new StatusReport(this.services, this.processedOrders);

	private LocalKafkaCluster cluster;

	private ServiceLauncher launcher;

	private JvmProcess producer;

	/** The fan-out services and the group-monitor, each one instance. */
	private final List<JvmProcess> fanout = new ArrayList<>();

	private JvmProcess s3proxy;

	/**
	 * With {@code --secure}, each service's Kafka user and its password, new every run.
	 */
	private Map<String, String> passwords = Map.of();

	private Admin admin;

	private GroupAssignmentWatch watch;

	private ReplicaCommands commands;

	private boolean closed;

	/**
	 * Prepares a run.
	 * @param options what to run
	 * @param root the repository root, where the services' jars are built
	 * @param console where to print
	 */
	DemoRun(DemoOptions options, Path root, PrintStream console) {
		this.options = options;
		this.root = root;
		this.directory = new DemoDirectory(root);
		this.console = console;
		this.relay = new ConsoleRelay(console);
	}

	/**
	 * Starts the cluster, then the services, then the watch.
	 * @throws IllegalStateException if a port is taken, a jar is missing or the cluster
	 * does not start
	 * @throws IOException if a process cannot be started
	 */
	void start() throws IOException {
		Map<ServicePort, Path> jars = ServiceLauncher.requireJars(this.root, this.options);
		FixedPortsCheck.require(this.options, this.directory);
		this.directory.prepare();
		startCluster();
		this.launcher = new ServiceLauncher(this.options, jars, this.directory, this.relay, this.cluster,
				this.passwords);
		step(() -> this.producer = this.launcher.startProducer());
		for (int replica = 1; replica <= this.options.processors(); replica++) {
			int number = replica;
			step(() -> this.processors.put(number, this.launcher.startProcessor(number)));
		}
		if (this.options.fanout()) {
			step(this::startFanout);
		}
		new ServiceTable(this.console, this.options, this.directory).print(this.cluster, this.producer,
				this.processors.all(), this.fanout, Optional.ofNullable(this.s3proxy));
		step(this::startWatch);
	}

	/**
	 * The other groups reading the same orders, one instance each, and the group-monitor:
	 * each group gets every order, whatever the order-processors do.
	 */
	private void startFanout() throws IOException {
		this.s3proxy = S3Proxy.start(this.root, this.directory, this.launcher);
		for (ServicePort service : ServiceLauncher.FANOUT) {
			this.fanout.add(this.launcher.startFanout(service));
		}
	}

	/**
	 * The commands on the replicas, once the run has started.
	 * @return {@code scale}, {@code kill}, {@code stop} and {@code restart}
	 */
	synchronized ReplicaCommands commands() {
		return this.commands;
	}

	/**
	 * Completes once every service has started, or exited trying.
	 * @return the names of the services that exited instead of starting
	 */
	CompletableFuture<List<String>> servicesStarted() {
		List<JvmProcess> services = services();
		return CompletableFuture.allOf(services.stream().map(this.launcher::started).toArray(CompletableFuture[]::new))
			.thenApply((all) -> services.stream()
				.filter((service) -> !this.launcher.started(service).join())
				.map(JvmProcess::name)
				.toList());
	}

	/**
	 * Prints the group's assignment and what each service says about itself.
	 */
	void printStatus() {
		JvmProcess producer;
		Optional<GroupReading> group;
		synchronized (this) {
			if (this.producer == null) {
				this.console.println("Still starting");
				return;
			}
			producer = this.producer;
			group = (this.watch != null) ? this.watch.latest() : Optional.empty();
		}
		this.status.print(this.console, group, producer, this.processors.all(), this.options.share());
	}

	/**
	 * Stops everything that was started: SIGTERM to the services, a bounded wait, SIGKILL
	 * to those still running, then the cluster. Safe to call more than once, and from a
	 * shutdown hook while {@link #start()} runs.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.processors.close();
		// Services stopping log warnings about what is going away: those stay in
		// their logs
		this.relay.mute();
		if (this.watch != null) {
			this.watch.close();
		}
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(2));
		}
		List<JvmProcess> services = services().stream().filter(JvmProcess::isAlive).toList();
		if (!services.isEmpty()) {
			this.console
				.println("Stopping " + services.stream().map(JvmProcess::name).collect(Collectors.joining(", ")));
		}
		services.forEach(JvmProcess::requestStop);
		long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
		for (JvmProcess service : services) {
			awaitStop(service, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
		}
		if (this.s3proxy != null) {
			this.s3proxy.requestStop();
			awaitStop(this.s3proxy, Duration.ofSeconds(5));
		}
		if (this.cluster != null) {
			this.console.println("Stopping the Kafka cluster");
			this.cluster.close();
		}
	}

	/**
	 * Waits for a process asked to stop to exit, and kills it (SIGKILL) if it does not in
	 * time.
	 * @param service the process, sent SIGTERM
	 * @param timeout how long a graceful stop may take
	 * @return {@code true} if it stopped by itself
	 */
	static boolean awaitStop(JvmProcess service, Duration timeout) {
		if (service.awaitExit(timeout)) {
			return true;
		}
		logger.warn("{} did not stop within {} s: killing it", service.name(), timeout.toSeconds());
		service.kill();
		return false;
	}

	private synchronized List<JvmProcess> services() {
		List<JvmProcess> services = new ArrayList<>(this.processors.all());
		services.addAll(this.fanout);
		if (this.producer != null) {
			services.add(this.producer);
		}
		return services;
	}

	private void startCluster() throws IOException {
		this.console.printf("Starting a %d-node Kafka cluster in %s ...%n", this.options.brokers(),
				this.directory.relative(this.directory.kafka()));
		step(() -> {
			LocalKafkaClusterBuilder builder = LocalKafkaCluster.builder()
				.nodes(this.options.brokers())
				.firstBrokerPort(ServicePort.FIRST_KAFKA_NODE)
				.dataDir(this.directory.kafka());
			this.cluster = (this.options.secure() ? builder.secured() : builder).start();
		});
		if (this.options.secure()) {
			// The admin step: a user per service, with a random password that only this
			// run knows, and the grants of kafka-local's acls.txt
			step(() -> this.passwords = this.cluster.grantServiceAccess());
		}
	}

	private void startWatch() {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.cluster.bootstrapServers());
		if (this.options.secure()) {
			// The watch only describes, as the group-monitor does
			properties.putAll(this.cluster.clientProperties("group-monitor", this.passwords.get("group-monitor")));
		}
		properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "demo-group-watch");
		// Fail a reading fast while a broker is down: the next one comes 500 ms later
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
		this.admin = Admin.create(properties);
		if (this.options.share()) {
			WatchedGroup group = new WatchedGroup(this.admin, SHARE_GROUP, Topics.ORDERS, true);
			this.watch = new GroupAssignmentWatch(() -> this.processedOrders.addTo(group.read()), this.console);
		}
		else {
			this.watch = new GroupAssignmentWatch(new WatchedGroup(this.admin, GROUP, Topics.ORDERS, false)::read,
					this.console);
		}
		this.watch.start();
		this.commands = new ReplicaCommands(this.processors, this.launcher, this.watch, this.console, this.relay);
	}

	/**
	 * Runs a step of {@link #start()} unless the run was closed meanwhile (Ctrl-C while
	 * starting), under the lock {@link #close()} takes, so that close sees what it
	 * started.
	 */
	private synchronized void step(Step step) throws IOException {
		if (this.closed) {
			throw new StartCancelledException();
		}
		step.run();
	}

	@FunctionalInterface
	private interface Step {

		void run() throws IOException;

	}

	/**
	 * The run was closed while it was starting.
	 */
	static final class StartCancelledException extends IllegalStateException {

		StartCancelledException() {
			super("Stopped while starting");
		}

	}

}
