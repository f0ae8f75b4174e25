package io.consumergroups.kafkalocal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of {@link LocalKafkaCluster#main(String[])}: its options, and running
 * a cluster with them until it is told to stop. The one place that knows the flags, the
 * usage text, the lines scripts wait for and the exit codes.
 *
 * @param nodes how many nodes, 1 or 3
 * @param port the first broker port, 0 for random ports
 * @param dataDir where the node directories go
 * @param brokerProperties extra {@code server.properties} settings for every node
 * @param help whether only the usage was asked for
 */
record CommandLineOptions(int nodes, int port, Path dataDir, Map<String, String> brokerProperties, boolean help) {

	/**
	 * What {@link #run} prints once the cluster is ready; scripts wait for it.
	 */
	static final String READY_PREFIX = "Kafka cluster ready: ";

	static final String USAGE = """
			Usage: LocalKafkaCluster [--nodes 1|3] [--port PORT] [--data-dir DIR] [--broker-property KEY=VALUE]...
			Starts a local Apache Kafka cluster, one process per node, and runs until stopped
			(Ctrl-C, SIGTERM, end of input, or the line "quit" on standard input).
			  --nodes 1|3                  how many nodes, each broker and controller (default 3)
			  --port PORT                  broker port of node 1; node i listens on PORT+i-1 and its
			                               controller on PORT+100+i-1; 0 picks free ports (default 9092)
			  --data-dir DIR               where node directories and logs go; formatted afresh on every
			                               start (default ./.demo/kafka)
			  --broker-property KEY=VALUE  a server.properties setting for every node (repeatable)""";

	private static final Logger logger = LoggerFactory.getLogger(CommandLineOptions.class);

	/**
	 * What {@link LocalKafkaCluster#main(String[])} does, returning the exit code instead
	 * of exiting.
	 * @param args the command line
	 * @param in read for {@code quit} or its end
	 * @param out where the ready line goes
	 * @param err where errors go
	 * @return 0 after a stop, 1 if the cluster failed, 2 on bad arguments
	 */
	static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
		LocalKafkaClusterBuilder builder;
		try {
			CommandLineOptions options = parse(args);
			if (options.help()) {
				out.println(USAGE);
				return 0;
			}
			builder = options.builder();
		}
		catch (IllegalArgumentException ex) {
			err.println("Error: " + ex.getMessage());
			err.println(USAGE);
			return 2;
		}
		try (LocalKafkaCluster cluster = builder.start()) {
			out.println(READY_PREFIX + cluster.bootstrapServers());
			for (KafkaNode node : cluster.nodes()) {
				out.printf("  node %d: %s, pid %d, log %s%n", node.nodeId(), node.ports().brokerAddress(), node.pid(),
						node.serverLog());
			}
			out.flush();
			awaitQuit(in);
			out.println("Stopping the Kafka cluster");
			out.flush();
		}
		catch (RuntimeException ex) {
			err.println("Kafka cluster failed: " + ex.getMessage());
			return 1;
		}
		return 0;
	}

	/**
	 * Parses the command line.
	 * @param args the arguments
	 * @return the options
	 * @throws IllegalArgumentException if an argument is unknown or malformed
	 */
	static CommandLineOptions parse(String... args) {
		int nodes = 3;
		int port = 9092;
		Path dataDir = Path.of(".demo", "kafka");
		Map<String, String> brokerProperties = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			String value = null;
			int equals = option.indexOf('=');
			if (option.startsWith("--") && equals > 0) {
				value = option.substring(equals + 1);
				option = option.substring(0, equals);
			}
			if (option.equals("-h") || option.equals("--help")) {
				return new CommandLineOptions(nodes, port, dataDir, brokerProperties, true);
			}
			if (!option.equals("--nodes") && !option.equals("--port") && !option.equals("--data-dir")
					&& !option.equals("--broker-property")) {
				throw new IllegalArgumentException("Unknown option: " + args[i]);
			}
			if (value == null) {
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException(option + " needs a value");
				}
				value = args[++i];
			}
			switch (option) {
				case "--nodes" -> nodes = number(option, value);
				case "--port" -> port = number(option, value);
				case "--data-dir" -> dataDir = Path.of(value);
				default -> {
					int separator = value.indexOf('=');
					if (separator < 1) {
						throw new IllegalArgumentException("--broker-property needs KEY=VALUE, was: " + value);
					}
					brokerProperties.put(value.substring(0, separator), value.substring(separator + 1));
				}
			}
		}
		return new CommandLineOptions(nodes, port, dataDir, Collections.unmodifiableMap(brokerProperties), false);
	}

	/**
	 * A cluster builder with these options.
	 * @return the builder
	 * @throws IllegalArgumentException if an option's value is out of range
	 */
	LocalKafkaClusterBuilder builder() {
		LocalKafkaClusterBuilder builder = LocalKafkaCluster.builder()
			.nodes(this.nodes)
			.firstBrokerPort(this.port)
			.dataDir(this.dataDir);
		this.brokerProperties.forEach(builder::brokerProperty);
		return builder;
	}

	private static void awaitQuit(InputStream in) {
		BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		try {
			String line = reader.readLine();
			while (line != null && !line.strip().equals("quit")) {
				line = reader.readLine();
			}
		}
		catch (IOException ex) {
			logger.warn("Standard input failed: stopping the Kafka cluster", ex);
		}
	}

	private static int number(String option, String value) {
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " needs a number, was: " + value);
		}
	}

}
