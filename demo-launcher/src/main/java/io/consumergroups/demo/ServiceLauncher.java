package io.consumergroups.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.harness.process.ProcessOutput;
import io.consumergroups.kafkalocal.LocalKafkaCluster;

/**
 * Starts each service of the demo as its own JVM, as it would run in production (stopping
 * it is a real SIGTERM, killing it a real crash), with its command line: its port from
 * {@link ServicePort}, the cluster, what the demo's options ask of it and, on a secured
 * cluster, its own Kafka login. Its output goes to its log file, and the lines worth
 * seeing to the console through its {@link ServiceOutput}.
 */
final class ServiceLauncher {

	/**
	 * Several Spring Boot JVMs start at once on what may be a 2-core laptop: a modest
	 * heap, the serial collector (no GC threads per core) and the C1 compiler only make
	 * them start fast and stay small. A demo needs no peak throughput.
	 */
	private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

	/**
	 * The other groups reading the same orders, and the group-monitor, in start order.
	 */
	static final List<ServicePort> FANOUT = List.of(ServicePort.NOTIFICATION_SERVICE, ServicePort.ANALYTICS_SERVICE,
			ServicePort.ARCHIVE_SERVICE, ServicePort.GROUP_MONITOR);

	private final DemoOptions options;

	private final Map<ServicePort, Path> jars;

	private final DemoDirectory directory;

	private final ConsoleRelay relay;

	private final LocalKafkaCluster cluster;

	/**
	 * With {@code --secure}, each service's Kafka user and its password, new every run.
	 */
	private final Map<String, String> passwords;

	/** Each process started, and whether it has started. */
	private final Map<JvmProcess, CompletableFuture<Boolean>> started = new ConcurrentHashMap<>();

	/**
	 * Prepares to start services on a running cluster.
	 * @param options what to run
	 * @param jars each service's jar, from {@link #requireJars}
	 * @param directory where the logs and state go
	 * @param relay chooses the lines of their output that also go to the console
	 * @param cluster the cluster they use
	 * @param passwords with {@code --secure}, each service's Kafka password
	 */
	ServiceLauncher(DemoOptions options, Map<ServicePort, Path> jars, DemoDirectory directory, ConsoleRelay relay,
			LocalKafkaCluster cluster, Map<String, String> passwords) {
		this.options = options;
		this.jars = jars;
		this.directory = directory;
		this.relay = relay;
		this.cluster = cluster;
		this.passwords = passwords;
	}

	/**
	 * Finds the jars of the services a run starts, before anything starts.
	 * @param root the repository root, where the services' jars are built
	 * @param options what runs
	 * @return each service's jar
	 * @throws IllegalStateException if one is missing
	 */
	static Map<ServicePort, Path> requireJars(Path root, DemoOptions options) {
		List<ServicePort> services = new ArrayList<>(List.of(ServicePort.ORDER_PRODUCER, ServicePort.ORDER_PROCESSOR));
		if (options.fanout()) {
			services.addAll(FANOUT);
		}
		Map<ServicePort, Path> jars = new EnumMap<>(ServicePort.class);
		for (ServicePort service : services) {
			String module = service.service();
			Path jar = root.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(jar + " is missing: build it with ./mvnw -DskipTests package -pl "
						+ module + " -am, or run ./demo, which builds what is missing");
			}
			jars.put(service, jar);
		}
		return jars;
	}

	/**
	 * Starts the order-producer, its generator at the demo's rate.
	 * @return the running producer
	 * @throws IOException if it cannot be started
	 */
	JvmProcess startProducer() throws IOException {
		ServicePort producer = ServicePort.ORDER_PRODUCER;
		return start(producer.service(), this.jars.get(producer), producer.port(), JVM_OPTIONS,
				List.of("--server.port=" + producer.port(), bootstrapServers(),
						"--orders.generator.rate=" + this.options.rate(), "--orders.topic.partitions=6"),
				kafkaLogin(producer.service(), Map.of()), this.directory.logFile(producer.service()));
	}

	/**
	 * Starts an order-processor replica, named {@code order-processor-K}: its
	 * {@code INSTANCE_ID}, so its {@code group.instance.id}.
	 * @param replica its number {@code K}
	 * @return the running replica
	 * @throws IOException if it cannot be started
	 */
	JvmProcess startProcessor(int replica) throws IOException {
		String processor = ServicePort.ORDER_PROCESSOR.service();
		String name = processor + "-" + replica;
		int port = ServicePort.processorReplica(replica);
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + port, bootstrapServers()));
		if (this.options.share()) {
			// The share group's own settings (lock duration, session timeout) are its
			// broker-side config, which the replica writes at start-up
			arguments.add("--orders.processor.group.type=share");
		}
		else {
			arguments.add("--orders.processor.group.protocol=" + this.options.protocol());
			arguments.add("--orders.processor.group.static-membership=" + this.options.staticMembership());
			// A static member restarted within its session timeout gets its partitions
			// back without a rebalance: a JVM that takes 15 s to restart needs a longer
			// one
			this.options.sessionTimeout()
				.ifPresent((timeout) -> arguments
					.add("--orders.processor.group.session-timeout=" + timeout.toMillis() + "ms"));
		}
		return start(name, this.jars.get(ServicePort.ORDER_PROCESSOR), port, JVM_OPTIONS, arguments,
				kafkaLogin(processor, Map.of("INSTANCE_ID", name, "SERVER_PORT", String.valueOf(port))),
				this.directory.logFile(name));
	}

	/**
	 * Starts one instance of a fan-out service, or the group-monitor: each group gets
	 * every order, whatever the order-processors do.
	 * @param service one of {@link #FANOUT}
	 * @return the running service
	 * @throws IOException if it cannot be started
	 */
	JvmProcess startFanout(ServicePort service) throws IOException {
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + service.port(), bootstrapServers()));
		String logName = service.service() + "-1";
		switch (service) {
			case NOTIFICATION_SERVICE -> arguments.add("--notifications.instance-id=notification-service-1");
			case ANALYTICS_SERVICE ->
				arguments.add("--spring.kafka.streams.state-dir=" + this.directory.streamsState("analytics-1"));
			case ARCHIVE_SERVICE -> arguments.add("--archive.s3.endpoint=" + S3Proxy.endpoint());
			// Not one instance of a group: the cluster's one monitor
			case GROUP_MONITOR -> logName = service.service();
			default -> throw new IllegalArgumentException(service + " is not a fan-out service");
		}
		return start(service.service(), this.jars.get(service), service.port(), JVM_OPTIONS, arguments,
				kafkaLogin(service.service(), Map.of()), this.directory.logFile(logName));
	}

	/**
	 * Starts {@code java jvmOptions... -jar jar arguments...} with the same Java as this
	 * launcher: one of the project's services, or a process that is not, such as S3Proxy.
	 * @param name the process's name, as its lines are prefixed on the console
	 * @param jar the runnable jar
	 * @param port the port its arguments tell it to listen on
	 * @param jvmOptions the JVM's options, e.g. its heap
	 * @param arguments its command-line arguments
	 * @param environment variables added to this process's environment
	 * @param logFile where its output goes
	 * @return the running process
	 * @throws IOException if its last log cannot be removed
	 */
	JvmProcess start(String name, Path jar, int port, List<String> jvmOptions, List<String> arguments,
			Map<String, String> environment, Path logFile) throws IOException {
		List<String> options = new ArrayList<>(jvmOptions);
		// Unused by the service: puts the demo's directory on its command line, so that
		// pgrep -f <repository>/.demo/ finds every process a demo started, as it finds
		// the Kafka nodes by their data directory
		options.add("-Dconsumergroups.demo.log=" + logFile.toAbsolutePath());
		ServiceOutput output = new ServiceOutput(name, logFile, this.relay);
		// Each start writes a new log, as the demo's logs are new at each run: JvmProcess
		// appends to what is there
		Files.deleteIfExists(logFile);
		JvmProcess process = JvmProcess.jar(name, jar)
			.jvmOptions(options)
			.arguments(arguments)
			.environment(environment)
			.port(port)
			.output(ProcessOutput.copiedTo(logFile, output))
			.stopTimeout(DemoRun.STOP_TIMEOUT)
			// On Ctrl-C the launcher's shutdown hook stops the services gracefully
			// (DemoRun.close); the harness's, which runs at the same time, gives them as
			// long before it kills them
			.exitGrace(DemoRun.STOP_TIMEOUT)
			.build();
		this.started.put(process, output.started());
		return process.start();
	}

	/**
	 * Completes when a process this launcher started has started (Spring Boot's "Started
	 * ... in ... seconds"), with {@code false} if it exited before.
	 * @param process the process
	 * @return whether it started
	 */
	CompletableFuture<Boolean> started(JvmProcess process) {
		return this.started.get(process);
	}

	private String bootstrapServers() {
		return "--spring.kafka.bootstrap-servers=" + this.cluster.bootstrapServers();
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

}
