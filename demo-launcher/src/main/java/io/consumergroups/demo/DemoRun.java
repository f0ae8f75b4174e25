package io.consumergroups.demo;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
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
import io.consumergroups.kafkalocal.LocalKafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One run of the demo: a local Kafka cluster, the order-producer and the order-processor
 * replicas, each its own process, and the watch on the group. Everything it starts, it
 * stops in {@link #close()}: the services first, while the brokers still answer, then the
 * cluster.
 */
final class DemoRun implements AutoCloseable {

	static final String GROUP = "order-processors";

	static final int FIRST_BROKER_PORT = 9092;

	static final int PRODUCER_PORT = 8081;

	/** Replica {@code K} listens on {@code 8090 + K}: 8091, 8092… */
	static final int PROCESSOR_PORT_BASE = 8090;

	/**
	 * Spring Boot stops gracefully within its 30 s default; a replica finishing its
	 * current batch takes far less. Past this, SIGKILL.
	 */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private final DemoOptions options;

	private final Path root;

	private final Path workDir;

	private final PrintStream console;

	private final ConsoleRelay relay;

	private final StatusReport status = new StatusReport();

	private LocalKafkaCluster cluster;

	private ServiceProcess producer;

	private final List<ServiceProcess> processors = new ArrayList<>();

	private Admin admin;

	private GroupAssignmentWatch watch;

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
		this.workDir = root.resolve(".demo");
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
		Path producerJar = requireJar("order-producer");
		Path processorJar = requireJar("order-processor");
		requireFreePorts();
		Files.createDirectories(this.workDir.resolve("logs"));
		startCluster();
		String bootstrapServers = this.cluster.bootstrapServers();
		step(() -> this.producer = ServiceProcess.start("order-producer", producerJar, PRODUCER_PORT,
				List.of("--server.port=" + PRODUCER_PORT, "--spring.kafka.bootstrap-servers=" + bootstrapServers,
						"--orders.generator.rate=" + this.options.rate(), "--orders.topic.partitions=6"),
				Map.of(), logFile("order-producer"), this.relay));
		for (int replica = 1; replica <= this.options.processors(); replica++) {
			String name = "order-processor-" + replica;
			int port = PROCESSOR_PORT_BASE + replica;
			step(() -> this.processors.add(ServiceProcess.start(name, processorJar, port,
					List.of("--server.port=" + port, "--spring.kafka.bootstrap-servers=" + bootstrapServers,
							"--orders.processor.group.protocol=" + this.options.protocol()),
					Map.of("INSTANCE_ID", name, "SERVER_PORT", String.valueOf(port)), logFile(name), this.relay)));
		}
		printServices();
		step(this::startWatch);
	}

	/**
	 * Completes once every service has started, or exited trying.
	 * @return the names of the services that exited instead of starting
	 */
	CompletableFuture<List<String>> servicesStarted() {
		List<ServiceProcess> services = services();
		return CompletableFuture.allOf(services.stream().map(ServiceProcess::started).toArray(CompletableFuture[]::new))
			.thenApply((all) -> services.stream()
				.filter((service) -> !service.started().join())
				.map(ServiceProcess::name)
				.toList());
	}

	/**
	 * Prints the group's assignment and what each service says about itself.
	 */
	void printStatus() {
		ServiceProcess producer;
		List<ServiceProcess> processors;
		Optional<GroupAssignment> group;
		synchronized (this) {
			if (this.producer == null) {
				this.console.println("Still starting");
				return;
			}
			producer = this.producer;
			processors = List.copyOf(this.processors);
			group = (this.watch != null) ? this.watch.latest() : Optional.empty();
		}
		this.status.print(this.console, group, producer, processors);
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
		// Services stopping log warnings about what is going away: those stay in their
		// logs
		this.relay.mute();
		if (this.watch != null) {
			this.watch.close();
		}
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(2));
		}
		List<ServiceProcess> services = services();
		if (!services.isEmpty()) {
			this.console
				.println("Stopping " + services.stream().map(ServiceProcess::name).collect(Collectors.joining(", ")));
		}
		services.forEach(ServiceProcess::requestStop);
		long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
		for (ServiceProcess service : services) {
			try {
				service.awaitStop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.cluster != null) {
			this.console.println("Stopping the Kafka cluster");
			this.cluster.close();
		}
	}

	private synchronized List<ServiceProcess> services() {
		List<ServiceProcess> services = new ArrayList<>(this.processors);
		if (this.producer != null) {
			services.add(this.producer);
		}
		return services;
	}

	private void startCluster() throws IOException {
		this.console.printf("Starting a %d-node Kafka cluster in %s ...%n", this.options.brokers(),
				this.root.relativize(this.workDir.resolve("kafka")));
		step(() -> this.cluster = LocalKafkaCluster.builder()
			.nodes(this.options.brokers())
			.firstBrokerPort(FIRST_BROKER_PORT)
			.dataDir(this.workDir.resolve("kafka"))
			.start());
	}

	private void startWatch() {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.cluster.bootstrapServers());
		properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "demo-group-watch");
		// Fail a reading fast while a broker is down: the next one comes 500 ms later
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
		this.admin = Admin.create(properties);
		this.watch = new GroupAssignmentWatch(new GroupAssignmentReader(this.admin, GROUP, Topics.ORDERS)::read,
				this.console);
		this.watch.start();
	}

	private void printServices() {
		int width = this.processors.stream().mapToInt((processor) -> processor.name().length()).max().orElse(0) + 3;
		String service = "%-" + width + "s%s  pid %d, log %s%s%n";
		this.console.println();
		this.console.printf("%-" + width + "s%s  (nodes %s)%n", "Kafka:", this.cluster.bootstrapServers(),
				this.cluster.nodeIds()
					.stream()
					.map((id) -> id + ": pid " + this.cluster.pid(id))
					.collect(Collectors.joining(", ")));
		this.console.printf(service, this.producer.name() + ":", this.producer.url(), this.producer.pid(),
				relative(this.producer.logFile()), ", " + this.options.rate() + " orders/s");
		for (ServiceProcess processor : this.processors) {
			this.console.printf(service, processor.name() + ":", processor.url(), processor.pid(),
					relative(processor.logFile()), "");
		}
		this.console.printf("%-" + width + "s%s, %s protocol, %d replicas reading topic %s%n%n", "Group:", GROUP,
				this.options.protocol(), this.processors.size(), Topics.ORDERS);
	}

	private Path relative(Path path) {
		return this.root.relativize(path);
	}

	private Path logFile(String service) {
		return this.workDir.resolve("logs").resolve(service + ".log");
	}

	private Path requireJar(String module) {
		Path jar = this.root.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build it with ./mvnw -DskipTests package -pl " + module
					+ " -am, or run ./demo, which builds what is missing");
		}
		return jar;
	}

	/**
	 * Fails before anything starts if a fixed port is taken, most likely by a previous
	 * demo that is still running.
	 */
	private void requireFreePorts() {
		List<Integer> ports = new ArrayList<>();
		for (int node = 0; node < this.options.brokers(); node++) {
			ports.add(FIRST_BROKER_PORT + node);
		}
		ports.add(PRODUCER_PORT);
		for (int replica = 1; replica <= this.options.processors(); replica++) {
			ports.add(PROCESSOR_PORT_BASE + replica);
		}
		for (int port : ports) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(true);
				socket.bind(new InetSocketAddress(port));
			}
			catch (IOException ex) {
				throw new IllegalStateException("Port " + port + " is in use: is a previous demo still running?"
						+ previousRunHint() + " The demo needs ports " + ports + ".");
			}
		}
	}

	/**
	 * Names the processes of a previous demo still running, found by this demo's
	 * directory on their command line: a demo killed with SIGKILL stops nothing.
	 */
	private String previousRunHint() {
		String directory = this.workDir.toAbsolutePath() + File.separator;
		List<String> alive = ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().orElse("").contains(directory))
			.map((process) -> String.valueOf(process.pid()))
			.toList();
		return alive.isEmpty() ? "" : " Processes of a previous demo are still running: stop them with kill "
				+ String.join(" ", alive) + ".";
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
