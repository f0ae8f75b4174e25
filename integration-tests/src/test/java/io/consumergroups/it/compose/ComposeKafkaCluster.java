package io.consumergroups.it.compose;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.consumergroups.it.compose.ComposeFile.Port;
import io.consumergroups.it.compose.ComposeFile.Service;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.kafkalocal.LocalKafkaCluster;
import io.consumergroups.kafkalocal.LocalKafkaClusterBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import org.springframework.util.FileSystemUtils;

/**
 * The Kafka nodes of {@code docker-compose.yml}, run as a real {@link LocalKafkaCluster}
 * with the settings the {@code apache/kafka} image would give them ({@link KafkaImage}),
 * every one of them: the same listeners, quorum, replication and group settings. Only
 * addresses change, since all nodes share this machine: each {@code host:port} of the
 * compose network, and each port the file publishes on the Docker host, becomes a free
 * port on {@code localhost}. A node's published (EXTERNAL) listener is kafka-local's
 * broker port and its controller listener kafka-local's controller port, so the cluster's
 * own readiness checks go through the compose file's listeners.
 */
final class ComposeKafkaCluster implements AutoCloseable {

	/** Settings that are paths inside the container: the local nodes keep their own. */
	static final Set<String> CONTAINER_PATHS = Set.of("log.dirs");

	private static final Pattern ADDRESS = Pattern.compile("([A-Za-z0-9._-]*):(\\d+)");

	private final Map<String, Map<String, String>> propertiesByNode;

	private final Map<String, Integer> nodeIds;

	private final Map<String, String> localAddresses;

	private final Path dataDir;

	private final LocalKafkaCluster cluster;

	private ComposeKafkaCluster(Map<String, Map<String, String>> propertiesByNode, Map<String, String> localAddresses,
			Path dataDir, LocalKafkaCluster cluster) {
		this.propertiesByNode = propertiesByNode;
		this.nodeIds = new LinkedHashMap<>();
		propertiesByNode
			.forEach((node, properties) -> this.nodeIds.put(node, Integer.valueOf(properties.get("node.id"))));
		this.localAddresses = localAddresses;
		this.dataDir = dataDir;
		this.cluster = cluster;
	}

	/**
	 * Start the compose file's Kafka nodes here.
	 * @param compose the compose file
	 * @return the running cluster
	 */
	static ComposeKafkaCluster start(ComposeFile compose) {
		Map<String, Map<String, String>> propertiesByNode = new LinkedHashMap<>();
		compose.kafkaNodes()
			.forEach((node) -> propertiesByNode.put(node.name(), KafkaImage.serverProperties(node.environment())));
		Map<String, String> localAddresses = allocateLocalAddresses(compose, propertiesByNode);
		LocalKafkaClusterBuilder builder = LocalKafkaCluster.builder()
			.nodes(propertiesByNode.size())
			.firstBrokerPort(firstBrokerPort(compose, propertiesByNode, localAddresses));
		Map<String, Map<String, String>> localProperties = new LinkedHashMap<>();
		propertiesByNode.forEach(
				(node, properties) -> localProperties.put(node, localProperties(node, properties, localAddresses)));
		Map<String, String> shared = shared(localProperties.values());
		shared.forEach(builder::brokerProperty);
		localProperties.forEach((node, properties) -> properties.forEach((key, value) -> {
			if (!shared.containsKey(key)) {
				builder.nodeProperty(Integer.parseInt(properties.get("node.id")), key, value);
			}
		}));
		Path dataDir = createDataDir();
		try {
			return new ComposeKafkaCluster(propertiesByNode, localAddresses, dataDir, builder.dataDir(dataDir).start());
		}
		catch (RuntimeException ex) {
			FileSystemUtils.deleteRecursively(dataDir.toFile());
			throw ex;
		}
	}

	/**
	 * What the image writes into each node's {@code server.properties}, before any
	 * address is changed.
	 * @return the properties by node (service name)
	 */
	Map<String, Map<String, String>> composeProperties() {
		return this.propertiesByNode;
	}

	/**
	 * The {@code server.properties} a local node actually ran with, read back from the
	 * file kafka-local wrote: the compose settings with local addresses, and nothing else
	 * but its data directory.
	 * @param node the node's service name
	 * @return the properties
	 */
	Map<String, String> writtenProperties(String node) {
		Path file = this.dataDir.resolve("node-" + this.nodeIds.get(node)).resolve("server.properties");
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file)) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> written = new TreeMap<>();
		properties.forEach((key, value) -> written.put(String.valueOf(key), String.valueOf(value)));
		return written;
	}

	/**
	 * Where an address of the compose network (or of the Docker host, for published
	 * ports) is reached here.
	 * @param host a service name, or {@code localhost} for a published port
	 * @param port its port there
	 * @return {@code localhost:<port>}
	 * @throws IllegalArgumentException for an address the compose file's nodes do not
	 * have
	 */
	String local(String host, int port) {
		String address = this.localAddresses.get(host + ":" + port);
		if (address == null) {
			throw new IllegalArgumentException(host + ":" + port + " is no Kafka address of docker-compose.yml");
		}
		return address;
	}

	/**
	 * A value with every Kafka address of the compose network in it made local, e.g. a
	 * service's {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}.
	 * @param value the value
	 * @return the value with local addresses
	 */
	String localize(String value) {
		Matcher matcher = ADDRESS.matcher(value);
		StringBuilder localized = new StringBuilder();
		while (matcher.find()) {
			String address = this.localAddresses.getOrDefault(matcher.group(), matcher.group());
			matcher.appendReplacement(localized, Matcher.quoteReplacement(address));
		}
		return matcher.appendTail(localized).toString();
	}

	/**
	 * Create a topic as a {@code kafka-topics.sh --create} command line would (the
	 * compose file's init container): its options read as the tool reads them, applied
	 * with the Admin API against the local addresses of its {@code --bootstrap-server}.
	 * @param arguments the tool's arguments
	 */
	void kafkaTopics(List<String> arguments) {
		Map<String, List<String>> options = new HashMap<>();
		for (int i = 0; i < arguments.size(); i++) {
			String option = arguments.get(i);
			if (Set.of("--create", "--if-not-exists").contains(option)) {
				options.put(option, List.of());
			}
			else if (Set.of("--bootstrap-server", "--topic", "--partitions", "--replication-factor", "--config")
				.contains(option)) {
				options.computeIfAbsent(option, (key) -> new ArrayList<>()).add(arguments.get(++i));
			}
			else {
				throw new IllegalArgumentException("kafka-topics.sh option " + option + " is not modelled here");
			}
		}
		if (!options.containsKey("--create")) {
			throw new IllegalArgumentException("Only kafka-topics.sh --create is modelled here: " + arguments);
		}
		Map<String, String> configs = new LinkedHashMap<>();
		options.getOrDefault("--config", List.of()).forEach((config) -> {
			String[] pair = config.split("=", 2);
			configs.put(pair[0], pair[1]);
		});
		NewTopic topic = new NewTopic(options.get("--topic").get(0),
				Integer.parseInt(options.get("--partitions").get(0)),
				Short.parseShort(options.get("--replication-factor").get(0)))
			.configs(configs);
		String bootstrapServers = localize(options.get("--bootstrap-server").get(0));
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			admin.createTopics(List.of(topic)).all().get();
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException && options.containsKey("--if-not-exists"))) {
				throw new IllegalStateException("kafka-topics.sh " + arguments + " failed", ex.getCause());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Where a client on the Docker host connects: the published listeners, made local.
	 * @return the bootstrap servers
	 */
	String hostBootstrapServers() {
		return this.cluster.bootstrapServers();
	}

	/**
	 * This cluster as the {@link TestKafka} that {@code ServiceProcesses} and
	 * {@code KafkaProbe} take, through TestKafka's switch for an external cluster.
	 * @param bootstrapServers where its clients connect
	 * @return a started TestKafka that uses this cluster
	 */
	static TestKafka asTestKafka(String bootstrapServers) {
		String previous = System.getProperty("kafka.bootstrap");
		System.setProperty("kafka.bootstrap", bootstrapServers);
		try {
			TestKafka kafka = TestKafka.singleNode();
			kafka.beforeAll(null);
			return kafka;
		}
		finally {
			if (previous != null) {
				System.setProperty("kafka.bootstrap", previous);
			}
			else {
				System.clearProperty("kafka.bootstrap");
			}
		}
	}

	LocalKafkaCluster local() {
		return this.cluster;
	}

	@Override
	public void close() {
		this.cluster.close();
		FileSystemUtils.deleteRecursively(this.dataDir.toFile());
	}

	/**
	 * A free {@code localhost} port for every {@code host:port} the nodes listen on,
	 * under each name it is reached by: {@code kafka-1:19092} on the compose network, and
	 * {@code localhost:9092} on the Docker host when the file publishes it.
	 */
	private static Map<String, String> allocateLocalAddresses(ComposeFile compose,
			Map<String, Map<String, String>> propertiesByNode) {
		List<Integer> free = freePorts(
				propertiesByNode.values().stream().mapToInt((properties) -> listenerPorts(properties).size()).sum());
		Map<String, String> addresses = new LinkedHashMap<>();
		propertiesByNode.forEach((node, properties) -> listenerPorts(properties).values().forEach((port) -> {
			String local = "localhost:" + free.remove(0);
			addresses.put(node + ":" + port, local);
			compose.service(node)
				.ports()
				.stream()
				.filter((published) -> published.container() == port && published.host() != null)
				.forEach((published) -> addresses.put("localhost:" + published.host(), local));
		}));
		return addresses;
	}

	/**
	 * kafka-local waits for node {@code i} on {@code firstBrokerPort + i - 1} and its
	 * controller on 100 above: the published listener and the controller listener of each
	 * node are moved there.
	 */
	private static int firstBrokerPort(ComposeFile compose, Map<String, Map<String, String>> propertiesByNode,
			Map<String, String> localAddresses) {
		int nodes = propertiesByNode.size();
		for (int attempt = 0; attempt < 50; attempt++) {
			int first = ThreadLocalRandom.current().nextInt(20_000, 40_000);
			List<Integer> ports = new ArrayList<>();
			for (int i = 0; i < nodes; i++) {
				ports.add(first + i);
				ports.add(first + 100 + i);
			}
			if (ports.stream().noneMatch((port) -> localAddresses.containsValue("localhost:" + port))
					&& ports.stream().allMatch(ComposeKafkaCluster::isFree)) {
				for (Map.Entry<String, Map<String, String>> node : propertiesByNode.entrySet()) {
					int nodeId = Integer.parseInt(node.getValue().get("node.id"));
					Map<String, Integer> listeners = listenerPorts(node.getValue());
					String controller = node.getValue().get("controller.listener.names");
					int published = publishedListenerPort(compose.service(node.getKey()), listeners);
					move(localAddresses, node.getKey(), published, first + nodeId - 1);
					move(localAddresses, node.getKey(), listeners.get(controller), first + 100 + nodeId - 1);
				}
				return first;
			}
		}
		throw new IllegalStateException("Found no free block of ports for the Kafka nodes");
	}

	private static int publishedListenerPort(Service node, Map<String, Integer> listeners) {
		List<Integer> published = node.ports().stream().map(Port::container).filter(listeners::containsValue).toList();
		if (published.size() != 1) {
			throw new IllegalStateException(node.name() + " must publish exactly one listener, publishes " + published);
		}
		return published.get(0);
	}

	private static void move(Map<String, String> addresses, String node, int port, int localPort) {
		String old = addresses.get(node + ":" + port);
		addresses.replaceAll((name, address) -> address.equals(old) ? "localhost:" + localPort : address);
	}

	/**
	 * The compose settings of one node with local addresses: listeners on
	 * {@code localhost}, advertised and voter addresses as the local ports that stand for
	 * them.
	 */
	private static Map<String, String> localProperties(String node, Map<String, String> properties,
			Map<String, String> addresses) {
		Map<String, String> local = new LinkedHashMap<>(properties);
		CONTAINER_PATHS.forEach(local::remove);
		local.put("listeners", Arrays.stream(properties.get("listeners").split(",")).map((listener) -> {
			String[] nameAndAddress = listener.split("://");
			int port = Integer.parseInt(nameAndAddress[1].substring(nameAndAddress[1].lastIndexOf(':') + 1));
			return nameAndAddress[0] + "://" + addresses.get(node + ":" + port);
		}).collect(Collectors.joining(",")));
		local.put("advertised.listeners", localizeAll(properties.get("advertised.listeners"), addresses));
		local.put("controller.quorum.voters", localizeAll(properties.get("controller.quorum.voters"), addresses));
		return local;
	}

	private static String localizeAll(String value, Map<String, String> addresses) {
		Matcher matcher = ADDRESS.matcher(value);
		StringBuilder localized = new StringBuilder();
		while (matcher.find()) {
			String address = addresses.get(matcher.group());
			if (address == null) {
				throw new IllegalStateException(
						matcher.group() + " in " + value + " is no listener of the compose nodes");
			}
			matcher.appendReplacement(localized, Matcher.quoteReplacement(address));
		}
		return matcher.appendTail(localized).toString();
	}

	/** Listener name to port, from {@code listeners}. */
	static Map<String, Integer> listenerPorts(Map<String, String> properties) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		for (String listener : properties.get("listeners").split(",")) {
			String[] nameAndAddress = listener.split("://");
			ports.put(nameAndAddress[0],
					Integer.valueOf(nameAndAddress[1].substring(nameAndAddress[1].lastIndexOf(':') + 1)));
		}
		return ports;
	}

	/** The settings every node has with the same value. */
	private static Map<String, String> shared(Iterable<Map<String, String>> nodes) {
		Map<String, String> shared = null;
		for (Map<String, String> node : nodes) {
			if (shared == null) {
				shared = new LinkedHashMap<>(node);
			}
			else {
				shared.entrySet().retainAll(node.entrySet());
			}
		}
		return (shared != null) ? shared : Map.of();
	}

	private static List<Integer> freePorts(int count) {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			Set<Integer> ports = new HashSet<>();
			while (ports.size() < count) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				sockets.add(socket);
				ports.add(socket.getLocalPort());
			}
			return new ArrayList<>(ports);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			sockets.forEach(ComposeKafkaCluster::closeQuietly);
		}
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void closeQuietly(ServerSocket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Only reserved
		}
	}

	private static Path createDataDir() {
		try {
			return Files.createTempDirectory("compose-kafka-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
