package io.consumergroups.kafkalocal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.common.acl.AclBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster on this machine: 1 or 3 KRaft nodes, each a broker and a
 * controller, each its own OS process. A broker can be killed for real
 * ({@link #killNode(int)}, {@code SIGKILL}) and started again with its data
 * ({@link #startNode(int)}).
 * <p>
 * The nodes run Kafka's own broker ({@code kafka.Kafka} from {@code kafka_2.13} on Maven
 * Central) with the durability settings of a production cluster of three brokers, scaled
 * down for a single node: see {@link ServerProperties}. Storage is formatted afresh for
 * every new cluster.
 *
 * <pre class="code">
 * try (LocalKafkaCluster kafka = LocalKafkaCluster.builder().nodes(3).start()) {
 *     String bootstrapServers = kafka.bootstrapServers();
 *     kafka.killNode(2);
 *     kafka.startNode(2);
 * }
 * </pre>
 *
 * {@link #main(String[])} runs one from the command line until it is stopped.
 */
public final class LocalKafkaCluster implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LocalKafkaCluster.class);

	// Creating ACLs and users waits for the metadata log's commit on every node
	private static final Duration GRANT_TIMEOUT = Duration.ofSeconds(30);

	private final ClusterNodes nodes;

	/** Null for a plain cluster. */
	private final ClusterSecurity security;

	private LocalKafkaCluster(ClusterNodes nodes, ClusterSecurity security) {
		this.nodes = nodes;
		this.security = security;
	}

	/**
	 * A builder for a cluster of one node on random ports in a temporary directory.
	 * @return a new builder
	 */
	public static LocalKafkaClusterBuilder builder() {
		return new LocalKafkaClusterBuilder();
	}

	/**
	 * Formats fresh storage, starts every node and waits until the cluster is ready: what
	 * {@link LocalKafkaClusterBuilder#start()} does with its settings.
	 */
	static LocalKafkaCluster start(ClusterSettings settings) {
		List<NodePorts> ports = settings.ports();
		ClusterDirectory directory = ClusterDirectory.of(settings.dataDir());
		Path tls = directory.freshTls();
		ClusterSecurity security = settings.secured() ? ClusterSecurity.create(tls) : null;
		LocalKafkaCluster cluster = new LocalKafkaCluster(new ClusterNodes(directory), security);
		try {
			cluster.nodes.format(ports, settings, security);
			logger.info("Starting a {}Kafka cluster of {} node(s) in {}",
					(security != null) ? "secured (SASL_SSL, SCRAM-SHA-512, ACLs) " : "", ports.size(),
					directory.path());
			cluster.nodes.startAll(cluster.readiness());
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * The addresses clients bootstrap from.
	 * @return every node's {@code localhost:port}, comma-separated
	 */
	public String bootstrapServers() {
		return this.nodes.bootstrapServers();
	}

	/**
	 * The address of one node.
	 * @param nodeId the node, 1 to {@link #size()}
	 * @return its {@code localhost:port}
	 */
	public String bootstrapServers(int nodeId) {
		return this.nodes.node(nodeId).ports().brokerAddress();
	}

	/**
	 * How many nodes the cluster has, running or not.
	 * @return 1 or 3
	 */
	public int size() {
		return this.nodes.all().size();
	}

	/**
	 * The ids of the nodes, which are also their {@code node.id} and broker id.
	 * @return 1 to {@link #size()}
	 */
	public List<Integer> nodeIds() {
		return this.nodes.all().stream().map(KafkaNode::nodeId).toList();
	}

	/**
	 * Whether clients must log in: see {@link LocalKafkaClusterBuilder#secured()}.
	 * @return {@code true} for a secured cluster
	 */
	public boolean isSecured() {
		return this.security != null;
	}

	/**
	 * The settings of an admin client that may do anything: on a secured cluster the
	 * super user {@value ClusterSecurity#ADMIN_USER}, for the admin step (users, ACLs)
	 * and for tests that inspect the cluster; on a plain cluster, the bootstrap servers
	 * alone.
	 * @return Kafka client settings, {@code bootstrap.servers} included
	 */
	public Map<String, Object> adminProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		if (this.security != null) {
			properties.putAll(this.security.adminProperties());
		}
		return properties;
	}

	/**
	 * The settings of a client logging in as a user of a secured cluster: SCRAM-SHA-512
	 * over TLS, trusting the cluster's certificate authority.
	 * @param user the user, e.g. {@code order-processor}
	 * @param password its password
	 * @return Kafka client settings, {@code bootstrap.servers} included
	 * @throws IllegalStateException if the cluster is not secured
	 */
	public Map<String, Object> clientProperties(String user, String password) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		properties.putAll(requireSecured().clientProperties(user, password));
		return properties;
	}

	/**
	 * The same as {@link #clientProperties}, as the Spring Boot properties of a service:
	 * {@code spring.kafka.bootstrap-servers}, {@code spring.kafka.security.protocol},
	 * {@code spring.kafka.ssl.trust-store-*} and {@code spring.kafka.properties.sasl.*}.
	 * @param user the user, e.g. {@code order-processor}
	 * @param password its password
	 * @return property name to value
	 * @throws IllegalStateException if the cluster is not secured
	 */
	public Map<String, String> springKafkaProperties(String user, String password) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", bootstrapServers());
		properties.putAll(requireSecured().springKafkaProperties(user, password));
		return properties;
	}

	/**
	 * The admin step: creates ACLs, then SCRAM-SHA-512 users, through the Admin API as
	 * the super user, and returns once every node lets the users log in. Both go to the
	 * metadata log, the ACLs first, and each node applies the log in order: a node that
	 * knows the last user knows the ACLs too. So no service that starts after this is
	 * refused for a grant its node has not seen yet.
	 * @param acls the grants, e.g. {@link ServiceAcls#bindings()}
	 * @param passwordsByUser the users to create or update, and their passwords
	 * @throws IllegalStateException if the cluster is not secured, or a node does not
	 * know the users within 3 min
	 */
	public void grantAccess(Collection<AclBinding> acls, Map<String, String> passwordsByUser) {
		requireSecured();
		if (passwordsByUser.isEmpty()) {
			throw new IllegalArgumentException("No user to create");
		}
		try (Admin admin = ClusterAdmin.create(adminProperties())) {
			if (!acls.isEmpty()) {
				ClusterAdmin.get(admin.createAcls(acls).all(), GRANT_TIMEOUT);
			}
			List<UserScramCredentialAlteration> users = passwordsByUser.entrySet()
				.stream()
				.map((user) -> ClusterSecurity.scramUser(user.getKey(), user.getValue()))
				.toList();
			ClusterAdmin.get(admin.alterUserScramCredentials(users).all(), GRANT_TIMEOUT);
		}
		Map.Entry<String, String> last = List.copyOf(passwordsByUser.entrySet()).get(passwordsByUser.size() - 1);
		readiness().awaitLogin(this.nodes.all(), last.getKey(), clientProperties(last.getKey(), last.getValue()));
		logger.info("Granted {} ACL(s) and created or updated user(s) {}", acls.size(), passwordsByUser.keySet());
	}

	/**
	 * The admin step for the project's services: every principal of
	 * {@value ServiceAcls#RESOURCE} becomes a user with a new random password and gets
	 * its grants, as {@link #grantAccess} does.
	 * @return each service's user name and password
	 * @throws IllegalStateException if the cluster is not secured
	 */
	public Map<String, String> grantServiceAccess() {
		ServiceAcls acls = ServiceAcls.load();
		Map<String, String> passwords = new LinkedHashMap<>();
		acls.principals().forEach((principal) -> passwords.put(principal, ClusterSecurity.randomPassword()));
		grantAccess(acls.bindings(), passwords);
		return passwords;
	}

	/**
	 * Kills a node's process with {@code SIGKILL}, as a crash would: no clean shutdown,
	 * no leadership handed over. Returns once the process is gone.
	 * @param nodeId the node, 1 to {@link #size()}
	 */
	public void killNode(int nodeId) {
		this.nodes.node(nodeId).kill();
	}

	/**
	 * Stops a node with {@code SIGTERM}: a clean shutdown, its leaderships moved to other
	 * brokers first. Kills it if it has not stopped after 30 s.
	 * @param nodeId the node, 1 to {@link #size()}
	 */
	public void stopNode(int nodeId) {
		this.nodes.stop(nodeId);
	}

	/**
	 * Starts a stopped or killed node again, with its data and ports, and waits until it
	 * is registered with the cluster again. Its replicas then catch up and rejoin the ISR
	 * by themselves.
	 * @param nodeId the node, 1 to {@link #size()}
	 * @throws IllegalStateException if it does not rejoin within 90 s, with the end of
	 * its log
	 */
	public void startNode(int nodeId) {
		this.nodes.start(nodeId, readiness());
	}

	/**
	 * Whether a node's process runs.
	 * @param nodeId the node, 1 to {@link #size()}
	 * @return {@code true} if it runs
	 */
	public boolean isRunning(int nodeId) {
		return this.nodes.node(nodeId).isRunning();
	}

	/**
	 * The OS process id of a node, of its current process or, if it was stopped, of its
	 * last one.
	 * @param nodeId the node, 1 to {@link #size()}
	 * @return the pid
	 */
	public long pid(int nodeId) {
		return this.nodes.node(nodeId).pid();
	}

	/**
	 * Stops every node ({@code SIGTERM}, then {@code SIGKILL} for a node still running
	 * after 30 s) and deletes the data directory if it was a temporary one. Does nothing
	 * the second time.
	 */
	@Override
	public void close() {
		if (this.nodes.close()) {
			logger.info("Kafka cluster on {} closed", bootstrapServers());
		}
	}

	/**
	 * Runs a cluster until this JVM is stopped (Ctrl-C, {@code SIGTERM}), standard input
	 * ends or reads the line {@code quit}. Prints
	 * {@value CommandLineOptions#READY_PREFIX} and the bootstrap servers once the cluster
	 * is ready. Exits with 2 on bad arguments.
	 * <p>
	 * A script that runs it in the background must keep its standard input open, e.g.
	 * {@code tail -f /dev/null | java ... &}: a background job reads {@code /dev/null},
	 * which ends at once and so stops the cluster.
	 * @param args see {@code --help}
	 */
	public static void main(String[] args) {
		System.exit(CommandLineOptions.run(args, System.in, System.out, System.err));
	}

	Path dataDir() {
		return this.nodes.dataDir();
	}

	/**
	 * The nodes, for the command line to list.
	 * @return every node, running or not, by id
	 */
	Collection<KafkaNode> nodes() {
		return this.nodes.all();
	}

	private ClusterSecurity requireSecured() {
		if (this.security == null) {
			throw new IllegalStateException(
					"This Kafka cluster is not secured: start it with LocalKafkaCluster.builder().secured()");
		}
		return this.security;
	}

	private ClusterReadiness readiness() {
		return new ClusterReadiness(isSecured(), adminProperties());
	}

}
