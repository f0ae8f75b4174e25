package io.consumergroups.kafkalocal;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of {@link LocalKafkaCluster#main(String[])}.
 *
 * @param nodes how many nodes, 1 or 3
 * @param port the first broker port, 0 for random ports
 * @param dataDir where the node directories go
 * @param brokerProperties extra {@code server.properties} settings for every node
 * @param help whether only the usage was asked for
 */
record CommandLineOptions(int nodes, int port, Path dataDir, Map<String, String> brokerProperties, boolean help) {

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
	LocalKafkaCluster.Builder builder() {
		LocalKafkaCluster.Builder builder = LocalKafkaCluster.builder()
			.nodes(this.nodes)
			.firstBrokerPort(this.port)
			.dataDir(this.dataDir);
		this.brokerProperties.forEach(builder::brokerProperty);
		return builder;
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
