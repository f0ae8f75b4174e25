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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

	/** order-processor's {@code orders.processor.group.share-group-id}. */
	static final String SHARE_GROUP = "order-processors-share";

	static final int FIRST_BROKER_PORT = 9092;

	static final int PRODUCER_PORT = 8081;

	/** Replica {@code K} listens on {@code 8090 + K}: 8091, 8092… */
	static final int PROCESSOR_PORT_BASE = 8090;

	static final String PROCESSOR = "order-processor";

	static final int MONITOR_PORT = 8080;

	static final int NOTIFICATION_PORT = 8083;

	static final int ANALYTICS_PORT = 8084;

	static final int ARCHIVE_PORT = 8085;

	/** S3Proxy, the archive-service's local stand-in for S3. */
	static final int S3_PORT = 9000;

	private static final Pattern REPLICA_NAME = Pattern.compile(PROCESSOR + "-(\\d+)");

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

	private final ServiceJson services = new ServiceJson();

	private final ProcessedOrders processedOrders = new ProcessedOrders(this.services, this::replicas);

	private final StatusReport status = new StatusReport(this.services, this.processedOrders);

	private LocalKafkaCluster cluster;

	private ServiceJvm producer;

	/** Replica number to its process, the stopped ones too, so they can be restarted. */
	private final SortedMap<Integer, ServiceJvm> processors = new TreeMap<>();

	/** The fan-out services and the group-monitor, each one instance. */
	private final List<ServiceJvm> fanout = new ArrayList<>();

	private ServiceJvm s3proxy;

	private Path processorJar;

	private String bootstrapServers;

	/**
	 * With {@code --secure}, each service's Kafka user and its password, new every run.
	 */
	private Map<String, String> passwords = Map.of();

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
		this.processorJar = requireJar(PROCESSOR);
		Map<String, Path> fanoutJars = new LinkedHashMap<>();
		if (this.options.fanout()) {
			for (String module : List.of("notification-service", "analytics-service", "archive-service",
					"group-monitor")) {
				fanoutJars.put(module, requireJar(module));
			}
		}
		requireFreePorts();
		Files.createDirectories(this.workDir.resolve("logs"));
		deleteStreamsState();
		startCluster();
		String bootstrapServers = this.cluster.bootstrapServers();
		this.bootstrapServers = bootstrapServers;
		step(() -> this.producer = ServiceJvm.start("order-producer", producerJar, PRODUCER_PORT,
				List.of("--server.port=" + PRODUCER_PORT, "--spring.kafka.bootstrap-servers=" + bootstrapServers,
						"--orders.generator.rate=" + this.options.rate(), "--orders.topic.partitions=6"),
				kafkaLogin("order-producer", Map.of()), logFile("order-producer"), this.relay));
		for (int replica = 1; replica <= this.options.processors(); replica++) {
			int number = replica;
			step(() -> startProcessor(number));
		}
		if (this.options.fanout()) {
			step(() -> startFanout(fanoutJars));
		}
		printServices();
		step(this::startWatch);
	}

	private void startProcessor(int replica) throws IOException {
		String name = PROCESSOR + "-" + replica;
		int port = PROCESSOR_PORT_BASE + replica;
		List<String> arguments = new ArrayList<>(
				List.of("--server.port=" + port, "--spring.kafka.bootstrap-servers=" + this.bootstrapServers));
		if (this.options.share()) {
			// The share group's own settings (lock duration, session timeout) are its
			// broker-side config, which the replica writes at start-up
			arguments.add("--orders.processor.group.type=share");
			this.processors.put(replica,
					ServiceJvm.start(name, this.processorJar, port, arguments,
							kafkaLogin(PROCESSOR, Map.of("INSTANCE_ID", name, "SERVER_PORT", String.valueOf(port))),
							logFile(name), this.relay));
			return;
		}
		arguments.add("--orders.processor.group.protocol=" + this.options.protocol());
		arguments.add("--orders.processor.group.static-membership=" + this.options.staticMembership());
		// A static member restarted within its session timeout gets its partitions back
		// without a rebalance: a JVM that takes 15 s to restart needs a longer one
		this.options.sessionTimeout()
			.ifPresent((timeout) -> arguments
				.add("--orders.processor.group.session-timeout=" + timeout.toMillis() + "ms"));
		this.processors.put(replica,
				ServiceJvm.start(name, this.processorJar, port, arguments,
						kafkaLogin(PROCESSOR, Map.of("INSTANCE_ID", name, "SERVER_PORT", String.valueOf(port))),
						logFile(name), this.relay));
	}

	/**
	 * The other groups reading the same orders, one instance each, and the group-monitor:
	 * each group gets every order, whatever the order-processors do.
	 */
	private void startFanout(Map<String, Path> jars) throws IOException {
		String kafka = "--spring.kafka.bootstrap-servers=" + this.bootstrapServers;
		Path s3 = this.workDir.resolve("s3");
		Files.createDirectories(s3);
		Path s3Config = this.workDir.resolve("s3proxy.conf");
		Files.writeString(s3Config, """
				s3proxy.endpoint=http://127.0.0.1:%d
				s3proxy.authorization=aws-v2-or-v4
				s3proxy.identity=local-identity
				s3proxy.credential=local-credential
				jclouds.provider=filesystem
				jclouds.filesystem.basedir=%s
				""".formatted(S3_PORT, s3.toAbsolutePath()));
		Path s3Jar = this.root.resolve("archive-service/target/local-s3/s3proxy.jar");
		if (!Files.isRegularFile(s3Jar)) {
			throw new IllegalStateException(s3Jar + " is missing: build archive-service, or run ./demo --no-fanout");
		}
		this.s3proxy = ServiceJvm.start("s3proxy", s3Jar, S3_PORT, List.of("-Xmx128m"),
				List.of("--properties", s3Config.toString()), Map.of(), logFile("s3proxy"), this.relay);
		this.fanout.add(ServiceJvm.start("notification-service", jars.get("notification-service"), NOTIFICATION_PORT,
				List.of("--server.port=" + NOTIFICATION_PORT, kafka,
						"--notifications.instance-id=notification-service-1"),
				kafkaLogin("notification-service", Map.of()), logFile("notification-service-1"), this.relay));
		this.fanout.add(ServiceJvm.start("analytics-service", jars.get("analytics-service"), ANALYTICS_PORT,
				List.of("--server.port=" + ANALYTICS_PORT, kafka,
						"--spring.kafka.streams.state-dir=" + this.workDir.resolve("state/analytics-1")),
				kafkaLogin("analytics-service", Map.of()), logFile("analytics-service-1"), this.relay));
		this.fanout.add(ServiceJvm.start("archive-service", jars.get("archive-service"), ARCHIVE_PORT,
				List.of("--server.port=" + ARCHIVE_PORT, kafka, "--archive.s3.endpoint=http://127.0.0.1:" + S3_PORT),
				kafkaLogin("archive-service", Map.of()), logFile("archive-service-1"), this.relay));
		this.fanout.add(ServiceJvm.start("group-monitor", jars.get("group-monitor"), MONITOR_PORT,
				List.of("--server.port=" + MONITOR_PORT, kafka), kafkaLogin("group-monitor", Map.of()),
				logFile("group-monitor"), this.relay));
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
		List<ServiceJvm> toStop = new ArrayList<>();
		List<String> started = new ArrayList<>();
		synchronized (this) {
			requireRunning();
			List<Integer> running = runningReplicas();
			for (int replica = 1; running.size() + started.size() < target; replica++) {
				if (!running.contains(replica)) {
					requireFreePort(PROCESSOR_PORT_BASE + replica);
					startProcessor(replica);
					started.add(this.processors.get(replica).name() + " (pid " + this.processors.get(replica).pid()
							+ ", " + this.processors.get(replica).url() + ")");
				}
			}
			for (int i = running.size() - 1; i >= target; i--) {
				toStop.add(this.processors.get(running.get(i)));
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
		ServiceJvm replica = runningReplica("kill", arguments);
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
		ServiceJvm previous;
		synchronized (this) {
			requireRunning();
			previous = this.processors.get(number);
		}
		if (previous.isAlive()) {
			this.console.println("Stopping " + previous.name() + " (SIGTERM)");
			previous.requestStop();
			this.watch.memberGone(previous.name());
			previous.awaitStop(STOP_TIMEOUT);
		}
		synchronized (this) {
			requireRunning();
			requireFreePort(previous.port());
			startProcessor(number);
			this.watch.memberBack(previous.name());
			ServiceJvm replica = this.processors.get(number);
			this.console.printf("Restarting %s (pid %d) with the same instance id%n", replica.name(), replica.pid());
		}
	}

	private void stopInBackground(List<ServiceJvm> replicas) {
		if (replicas.isEmpty()) {
			return;
		}
		this.console.println(
				"Stopping " + replicas.stream().map(ServiceJvm::name).collect(Collectors.joining(", ")) + " (SIGTERM)");
		replicas.forEach(ServiceJvm::requestStop);
		replicas.forEach((replica) -> this.watch.memberGone(replica.name()));
		Thread waiting = new Thread(() -> replicas.forEach((replica) -> {
			try {
				replica.awaitStop(STOP_TIMEOUT);
				this.relay.note(replica.name(), "stopped");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}), "demo-stop");
		waiting.setDaemon(true);
		waiting.start();
	}

	private ServiceJvm runningReplica(String command, List<String> arguments) {
		int number = replicaNumber(command, arguments);
		synchronized (this) {
			requireRunning();
			ServiceJvm replica = this.processors.get(number);
			if (!replica.isAlive()) {
				throw new IllegalArgumentException(
						replica.name() + " is not running (restart " + replica.name() + " starts it again)");
			}
			return replica;
		}
	}

	private synchronized int replicaNumber(String command, List<String> arguments) {
		if (arguments.size() != 1) {
			throw new IllegalArgumentException("usage: " + command + " " + PROCESSOR + "-K");
		}
		Matcher name = REPLICA_NAME.matcher(arguments.get(0));
		Integer number = name.matches() && name.group(1).length() < 4 ? Integer.valueOf(name.group(1)) : null;
		if (number == null || !this.processors.containsKey(number)) {
			throw new IllegalArgumentException("no replica named '" + arguments.get(0) + "'; the replicas are "
					+ this.processors.values().stream().map(ServiceJvm::name).collect(Collectors.joining(", ")));
		}
		return number;
	}

	private synchronized List<ServiceJvm> replicas() {
		return List.copyOf(this.processors.values());
	}

	private List<Integer> runningReplicas() {
		return this.processors.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().isAlive())
			.map(Map.Entry::getKey)
			.toList();
	}

	private void requireRunning() {
		if (this.closed || this.watch == null) {
			throw new IllegalStateException("the demo is " + (this.closed ? "stopping" : "still starting"));
		}
	}

	/**
	 * Completes once every service has started, or exited trying.
	 * @return the names of the services that exited instead of starting
	 */
	CompletableFuture<List<String>> servicesStarted() {
		List<ServiceJvm> services = services();
		return CompletableFuture.allOf(services.stream().map(ServiceJvm::started).toArray(CompletableFuture[]::new))
			.thenApply((all) -> services.stream()
				.filter((service) -> !service.started().join())
				.map(ServiceJvm::name)
				.toList());
	}

	/**
	 * Prints the group's assignment and what each service says about itself.
	 */
	void printStatus() {
		ServiceJvm producer;
		List<ServiceJvm> processors;
		Optional<GroupAssignment> group;
		synchronized (this) {
			if (this.producer == null) {
				this.console.println("Still starting");
				return;
			}
			producer = this.producer;
			processors = List.copyOf(this.processors.values());
			group = (this.watch != null) ? this.watch.latest() : Optional.empty();
		}
		this.status.print(this.console, group, producer, processors, this.options.share());
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
		List<ServiceJvm> services = services().stream().filter(ServiceJvm::isAlive).toList();
		if (!services.isEmpty()) {
			this.console
				.println("Stopping " + services.stream().map(ServiceJvm::name).collect(Collectors.joining(", ")));
		}
		services.forEach(ServiceJvm::requestStop);
		long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
		for (ServiceJvm service : services) {
			try {
				service.awaitStop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.s3proxy != null) {
			this.s3proxy.requestStop();
			try {
				this.s3proxy.awaitStop(Duration.ofSeconds(5));
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

	private synchronized List<ServiceJvm> services() {
		List<ServiceJvm> services = new ArrayList<>(this.processors.values());
		services.addAll(this.fanout);
		if (this.producer != null) {
			services.add(this.producer);
		}
		return services;
	}

	/**
	 * Each run starts a new cluster, so Kafka Streams' local state of the last run
	 * belongs to a cluster that is gone: restored against the new one it fails with
	 * {@code OffsetOutOfRangeException} and {@code TaskCorruptedException}. The state
	 * starts fresh with the cluster.
	 */
	private void deleteStreamsState() throws IOException {
		Path state = this.workDir.resolve("state");
		if (!Files.exists(state)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(state)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private void startCluster() throws IOException {
		this.console.printf("Starting a %d-node Kafka cluster in %s ...%n", this.options.brokers(),
				this.root.relativize(this.workDir.resolve("kafka")));
		step(() -> {
			LocalKafkaCluster.Builder builder = LocalKafkaCluster.builder()
				.nodes(this.options.brokers())
				.firstBrokerPort(FIRST_BROKER_PORT)
				.dataDir(this.workDir.resolve("kafka"));
			this.cluster = (this.options.secure() ? builder.secured() : builder).start();
		});
		if (this.options.secure()) {
			// The admin step: a user per service, with a random password that only this
			// run knows, and the grants of kafka-local's acls.txt
			step(() -> this.passwords = this.cluster.grantServiceAccess());
		}
	}

	/**
	 * A service's environment, with its Kafka login when the cluster is secured: Spring
	 * Boot reads {@code spring.kafka.*} from environment variables, which, unlike
	 * arguments, other users of the machine cannot list.
	 * @param user the service's Kafka user
	 * @param environment the rest of its environment
	 * @return both
	 */
	private Map<String, String> kafkaLogin(String user, Map<String, String> environment) {
		if (!this.options.secure()) {
			return environment;
		}
		Map<String, String> login = new LinkedHashMap<>(environment);
		this.cluster.springKafkaProperties(user, this.passwords.get(user))
			.forEach((property, value) -> login.put(environmentVariable(property), value));
		return login;
	}

	/**
	 * The environment variable Spring Boot binds to a property.
	 * @param property e.g. {@code spring.kafka.ssl.trust-store-location}
	 * @return e.g. {@code SPRING_KAFKA_SSL_TRUSTSTORELOCATION}
	 */
	static String environmentVariable(String property) {
		return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
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
			GroupAssignmentReader group = new GroupAssignmentReader(this.admin, SHARE_GROUP, Topics.ORDERS, true);
			this.watch = new GroupAssignmentWatch(() -> this.processedOrders.addTo(group.read()), this.console);
		}
		else {
			this.watch = new GroupAssignmentWatch(new GroupAssignmentReader(this.admin, GROUP, Topics.ORDERS)::read,
					this.console);
		}
		this.watch.start();
	}

	private void printServices() {
		int width = services().stream().mapToInt((service) -> service.name().length()).max().orElse(0) + 3;
		String service = "%-" + width + "s%s  pid %d, log %s%s%n";
		this.console.println();
		this.console.printf("%-" + width + "s%s  (nodes %s)%n", "Kafka:", this.cluster.bootstrapServers(),
				this.cluster.nodeIds()
					.stream()
					.map((id) -> id + ": pid " + this.cluster.pid(id))
					.collect(Collectors.joining(", ")));
		if (this.options.secure()) {
			this.console.printf("%-" + width + "s%s%n", "",
					"SASL_SSL, SCRAM-SHA-512: each service its own user, granted only what "
							+ "kafka-local/src/main/resources/acls.txt says");
		}
		this.console.printf(service, this.producer.name() + ":", this.producer.url(), this.producer.pid(),
				relative(this.producer.logFile()), ", " + this.options.rate() + " orders/s");
		for (ServiceJvm processor : this.processors.values()) {
			this.console.printf(service, processor.name() + ":", processor.url(), processor.pid(),
					relative(processor.logFile()), "");
		}
		for (ServiceJvm other : this.fanout) {
			this.console.printf(service, other.name() + ":", other.url(), other.pid(), relative(other.logFile()),
					other.port() == MONITOR_PORT ? ", every group's members and lag"
							: ", its own group on " + Topics.ORDERS);
		}
		if (this.s3proxy != null) {
			this.console.printf(service, "s3proxy:", "http://127.0.0.1:" + S3_PORT, this.s3proxy.pid(),
					relative(this.s3proxy.logFile()), ", the archive's S3 in " + relative(this.workDir.resolve("s3")));
		}
		if (this.options.share()) {
			this.console.printf("%-" + width + "s%s, share group (KIP-932), %d replicas sharing topic %s%n%n", "Group:",
					SHARE_GROUP, this.processors.size(), Topics.ORDERS);
			return;
		}
		this.console.printf("%-" + width + "s%s, %s protocol, %s membership, %d replicas reading topic %s%n%n",
				"Group:", GROUP, this.options.protocol(), this.options.staticMembership() ? "static" : "dynamic",
				this.processors.size(), Topics.ORDERS);
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
		if (this.options.fanout()) {
			ports.addAll(List.of(MONITOR_PORT, NOTIFICATION_PORT, ANALYTICS_PORT, ARCHIVE_PORT, S3_PORT));
		}
		for (int port : ports) {
			if (!isFree(port)) {
				throw new IllegalStateException("Port " + port + " is in use: is a previous demo still running?"
						+ previousRunHint() + " The demo needs ports " + ports + ".");
			}
		}
	}

	private static void requireFreePort(int port) {
		if (!isFree(port)) {
			throw new IllegalStateException("port " + port + " is in use");
		}
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
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
