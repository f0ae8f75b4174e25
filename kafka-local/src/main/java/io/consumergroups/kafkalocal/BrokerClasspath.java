package io.consumergroups.kafkalocal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classpath the node processes run with: this module's runtime dependencies (Kafka's
 * broker, Log4j 2 and its SLF4J binding), as written down by the build, and this module's
 * own classes for {@link KafkaNodeMain}.
 * <p>
 * Why not the classpath of the running JVM: in a Surefire fork it may be a single
 * manifest-only jar, and in a Spring Boot service it holds Logback and the service's own
 * libraries, not the broker's.
 */
final class BrokerClasspath {

	/** Written by the maven-dependency-plugin at build time, see this module's pom. */
	static final String RESOURCE = "META-INF/kafka-local/broker-classpath.txt";

	private static final Logger logger = LoggerFactory.getLogger(BrokerClasspath.class);

	private BrokerClasspath() {
	}

	/**
	 * The classpath for a node process.
	 * @return the entries, joined by the platform's path separator
	 */
	static String resolve() {
		Set<String> entries = new LinkedHashSet<>();
		ownClasses().ifPresent(entries::add);
		List<String> written = written();
		if (written.isEmpty()) {
			logger.warn("{} not found: starting Kafka nodes with this JVM's classpath", RESOURCE);
			entries.addAll(split(System.getProperty("java.class.path")));
		}
		else {
			for (String entry : written) {
				if (!Files.exists(Path.of(entry))) {
					logger.warn("{} on the Kafka node classpath is missing: rebuild kafka-local", entry);
				}
				entries.add(entry);
			}
		}
		return String.join(File.pathSeparator, entries);
	}

	private static List<String> written() {
		try (InputStream input = BrokerClasspath.class.getClassLoader().getResourceAsStream(RESOURCE)) {
			return (input != null) ? split(new String(input.readAllBytes(), StandardCharsets.UTF_8).strip())
					: List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + RESOURCE, ex);
		}
	}

	private static Optional<String> ownClasses() {
		CodeSource codeSource = BrokerClasspath.class.getProtectionDomain().getCodeSource();
		if (codeSource == null || !"file".equals(codeSource.getLocation().getProtocol())) {
			return Optional.empty();
		}
		try {
			return Optional.of(Path.of(codeSource.getLocation().toURI()).toString());
		}
		catch (URISyntaxException ex) {
			return Optional.empty();
		}
	}

	private static List<String> split(String classpath) {
		List<String> entries = new ArrayList<>();
		if (classpath != null) {
			Arrays.stream(classpath.split(File.pathSeparator))
				.filter((entry) -> !entry.isBlank())
				.forEach(entries::add);
		}
		return entries;
	}

}
