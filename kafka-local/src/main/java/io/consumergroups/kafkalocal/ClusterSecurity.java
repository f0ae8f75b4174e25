package io.consumergroups.kafkalocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * What a secured cluster is made of: a throw-away certificate authority, one certificate
 * that every node presents, and the passwords of the two super users. Made afresh for
 * every cluster, in its data directory, with the JDK's own {@code keytool}.
 * <p>
 * Clients and brokers talk SCRAM-SHA-512 over TLS ({@code SASL_SSL}) on the broker port:
 * every service logs in as its own user, and the brokers replicate as the super user
 * {@value #BROKER_USER}. SCRAM cannot authenticate the controllers, whose credentials
 * store it is, so the controller listener is TLS with a client certificate required: a
 * node is the super user {@value #NODE_PRINCIPAL} by the certificate only the nodes hold.
 * Nothing anywhere is anonymous. The admin step (users, ACLs, and what a test inspects)
 * is the super user {@value #ADMIN_USER}.
 */
final class ClusterSecurity {

	/** How clients and brokers authenticate on the broker port. */
	private static final String SASL_MECHANISM = "SCRAM-SHA-512";

	/** The super user the brokers replicate as. */
	static final String BROKER_USER = "kafka-broker";

	/** The super user that creates users and ACLs. */
	static final String ADMIN_USER = "kafka-admin";

	/**
	 * The subject of the nodes' certificate: who a node is on the controller listener.
	 */
	static final String NODE_PRINCIPAL = "CN=kafka-local-node";

	private static final String STORE_TYPE = "PKCS12";

	// Kafka's minimum for SCRAM-SHA-512, as kafka-configs.sh uses by default
	private static final int SCRAM_ITERATIONS = 4096;

	// Long enough for any demo; a new cluster makes new certificates
	private static final int VALIDITY_DAYS = 30;

	private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

	private static final String STORE_PASSWORD_VARIABLE = "KAFKA_LOCAL_STORE_PASSWORD";

	private static final SecureRandom random = new SecureRandom();

	private final Path keyStore;

	private final Path trustStore;

	private final String keyStorePassword;

	private final String trustStorePassword;

	private final String brokerPassword;

	private final String adminPassword;

	private ClusterSecurity(Path directory, String keyStorePassword, String trustStorePassword) {
		this.keyStore = directory.resolve("node.p12");
		this.trustStore = directory.resolve("truststore.p12");
		this.keyStorePassword = keyStorePassword;
		this.trustStorePassword = trustStorePassword;
		this.brokerPassword = randomPassword();
		this.adminPassword = randomPassword();
	}

	/**
	 * Makes a certificate authority, signs the nodes' certificate with it (for
	 * {@code localhost} and {@code 127.0.0.1}, server and client use) and deletes its
	 * key: nobody can make another certificate a node would trust.
	 * @param directory where the key store and trust store go
	 * @return the cluster's security
	 * @throws IllegalStateException if {@code keytool} fails
	 */
	static ClusterSecurity create(Path directory) {
		ClusterSecurity security = new ClusterSecurity(directory, randomPassword(), randomPassword());
		security.makeCertificates(directory);
		return security;
	}

	/**
	 * A random password, for a store or a user.
	 * @return 24 URL-safe characters, 144 bits
	 */
	static String randomPassword() {
		byte[] bytes = new byte[18];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * The settings that make a node's listeners secure, on top of
	 * {@link ServerProperties}.
	 * @param node the node
	 * @return the settings
	 */
	Map<String, String> serverProperties(NodePorts node) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("listeners",
				"SASL_SSL://localhost:" + node.brokerPort() + ",CONTROLLER://localhost:" + node.controllerPort());
		properties.put("advertised.listeners", "SASL_SSL://localhost:" + node.brokerPort());
		properties.put("inter.broker.listener.name", "SASL_SSL");
		properties.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
		properties.put("sasl.enabled.mechanisms", SASL_MECHANISM);
		properties.put("sasl.mechanism.inter.broker.protocol", SASL_MECHANISM);
		// The broker's own login when it connects to another broker
		properties.put("listener.name.sasl_ssl." + SASL_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
				jaasConfig(BROKER_USER, this.brokerPassword));
		properties.put("ssl.keystore.type", STORE_TYPE);
		properties.put("ssl.keystore.location", this.keyStore.toString());
		properties.put("ssl.keystore.password", this.keyStorePassword);
		properties.put("ssl.truststore.type", STORE_TYPE);
		properties.put("ssl.truststore.location", this.trustStore.toString());
		properties.put("ssl.truststore.password", this.trustStorePassword);
		properties.put("listener.name.controller.ssl.client.auth", "required");
		properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
		// Deny by default: a resource nobody was granted is no one's
		properties.put("allow.everyone.if.no.acl.found", "false");
		properties.put("super.users", "User:" + NODE_PRINCIPAL + ";User:" + BROKER_USER + ";User:" + ADMIN_USER);
		return properties;
	}

	/**
	 * The super users' SCRAM credentials, written into the metadata log when the storage
	 * is formatted: the brokers need theirs before any broker runs.
	 * @return {@code kafka-storage format} arguments
	 */
	List<String> formatArguments() {
		return List.of("--add-scram", scramCredential(BROKER_USER, this.brokerPassword), "--add-scram",
				scramCredential(ADMIN_USER, this.adminPassword));
	}

	/**
	 * The settings of a client logging in as a user.
	 * @param user the SCRAM user
	 * @param password its password
	 * @return {@code security.protocol}, {@code sasl.*} and the trust store
	 */
	Map<String, Object> clientProperties(String user, String password) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("security.protocol", "SASL_SSL");
		properties.put("sasl.mechanism", SASL_MECHANISM);
		properties.put("sasl.jaas.config", jaasConfig(user, password));
		properties.put("ssl.truststore.type", STORE_TYPE);
		properties.put("ssl.truststore.location", this.trustStore.toString());
		properties.put("ssl.truststore.password", this.trustStorePassword);
		return properties;
	}

	/**
	 * The same as {@link #clientProperties}, as the Spring Boot properties of a service.
	 * @param user the SCRAM user
	 * @param password its password
	 * @return {@code spring.kafka.security.protocol},
	 * {@code spring.kafka.ssl.trust-store-*} and {@code spring.kafka.properties.sasl.*}
	 */
	Map<String, String> springKafkaProperties(String user, String password) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.security.protocol", "SASL_SSL");
		properties.put("spring.kafka.ssl.trust-store-location", this.trustStore.toUri().toString());
		properties.put("spring.kafka.ssl.trust-store-password", this.trustStorePassword);
		properties.put("spring.kafka.ssl.trust-store-type", STORE_TYPE);
		properties.put("spring.kafka.properties.sasl.mechanism", SASL_MECHANISM);
		properties.put("spring.kafka.properties.sasl.jaas.config", jaasConfig(user, password));
		return properties;
	}

	/**
	 * The settings of the admin step's client.
	 * @return the client settings of {@value #ADMIN_USER}
	 */
	Map<String, Object> adminProperties() {
		return clientProperties(ADMIN_USER, this.adminPassword);
	}

	/**
	 * A user's SCRAM credential, as the admin step creates it through the Admin API.
	 * @param user the user
	 * @param password its password
	 * @return the credential to create, or to update if the user exists
	 */
	static UserScramCredentialAlteration scramUser(String user, String password) {
		return new UserScramCredentialUpsertion(user,
				new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password);
	}

	/**
	 * A SCRAM login's JAAS configuration.
	 * @param user the user
	 * @param password its password
	 * @return the {@code sasl.jaas.config} value
	 */
	private static String jaasConfig(String user, String password) {
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
				+ password + "\";";
	}

	private static String scramCredential(String user, String password) {
		return SASL_MECHANISM + "=[name=" + user + ",password=" + password + "]";
	}

	private void makeCertificates(Path directory) {
		Path caStore = directory.resolve("ca.p12");
		Path caCertificate = directory.resolve("ca.pem");
		Path request = directory.resolve("node.csr");
		Path nodeCertificate = directory.resolve("node.pem");
		String caPassword = randomPassword();
		String validity = String.valueOf(VALIDITY_DAYS);
		try {
			Files.createDirectories(directory);
			keytool(directory, caPassword, "-genkeypair", "-alias", "ca", "-dname", "CN=kafka-local CA", "-ext", "bc:c",
					"-keyalg", "EC", "-groupname", "secp256r1", "-validity", validity, "-keystore", caStore.toString(),
					"-storetype", STORE_TYPE);
			keytool(directory, caPassword, "-exportcert", "-alias", "ca", "-keystore", caStore.toString(), "-rfc",
					"-file", caCertificate.toString());
			keytool(directory, this.keyStorePassword, "-genkeypair", "-alias", "node", "-dname", NODE_PRINCIPAL,
					"-keyalg", "EC", "-groupname", "secp256r1", "-validity", validity, "-keystore",
					this.keyStore.toString(), "-storetype", STORE_TYPE);
			keytool(directory, this.keyStorePassword, "-certreq", "-alias", "node", "-keystore",
					this.keyStore.toString(), "-file", request.toString());
			// Clients check the name they connected to; the controllers check that a
			// node's client certificate comes from this authority
			keytool(directory, caPassword, "-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-infile",
					request.toString(), "-outfile", nodeCertificate.toString(), "-rfc", "-validity", validity, "-ext",
					"SAN=dns:localhost,ip:127.0.0.1", "-ext", "KU=digitalSignature,keyAgreement", "-ext",
					"EKU=serverAuth,clientAuth");
			// The reply is installed only once its issuer is known
			keytool(directory, this.keyStorePassword, "-importcert", "-alias", "ca", "-keystore",
					this.keyStore.toString(), "-file", caCertificate.toString(), "-noprompt");
			keytool(directory, this.keyStorePassword, "-importcert", "-alias", "node", "-keystore",
					this.keyStore.toString(), "-file", nodeCertificate.toString(), "-noprompt");
			keytool(directory, this.trustStorePassword, "-importcert", "-alias", "ca", "-keystore",
					this.trustStore.toString(), "-storetype", STORE_TYPE, "-file", caCertificate.toString(),
					"-noprompt");
			Files.delete(caStore);
			Files.delete(request);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not make the certificates in " + directory, ex);
		}
	}

	/**
	 * Runs {@code keytool} with the store password in its environment, not on its command
	 * line, where any local user could read it.
	 */
	private static void keytool(Path directory, String storePassword, String... arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		// A short-lived JVM: compiling more would cost more than it saves
		command.add("-J-XX:TieredStopAtLevel=1");
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storepass:env", STORE_PASSWORD_VARIABLE));
		Path output = directory.resolve("keytool.log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(Redirect.appendTo(output.toFile()));
		builder.environment().put(STORE_PASSWORD_VARIABLE, storePassword);
		Process process = builder.start();
		process.getOutputStream().close();
		try {
			if (!process.waitFor(KEYTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(
						"keytool " + arguments[0] + " did not finish within " + KEYTOOL_TIMEOUT.toSeconds() + " s");
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while making the cluster's certificates", ex);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("keytool " + arguments[0] + " failed (exit code " + process.exitValue()
					+ "):\n" + Files.readString(output, StandardCharsets.UTF_8));
		}
	}

}
