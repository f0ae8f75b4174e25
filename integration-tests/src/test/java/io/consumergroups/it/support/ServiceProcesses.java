package io.consumergroups.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.consumergroups.harness.process.FreePorts;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.harness.process.ProcessOutput;

/**
 * The project's services as processes of their own, from their executable jars, against
 * the test's cluster: for tests in which a crash must be real ({@link JvmProcess#kill()}
 * is a SIGKILL). Each listens on a {@link FreePorts free port} and writes its output to
 * {@code target/processes/<name>-<port>.log}.
 */
public final class ServiceProcesses {

	private static final Path ROOT = Paths.get(System.getProperty("user.dir")).getParent();

	/** Small and fast to start: several run at once on 2 cores. */
	private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:TieredStopAtLevel=1");

	private ServiceProcesses() {
	}

	/**
	 * A replica of order-processor, not started yet.
	 * @param kafka the cluster
	 * @param instanceId its {@code INSTANCE_ID}
	 * @param properties more properties, {@code name=value}
	 * @return the process, to {@link JvmProcess#start()}
	 */
	public static JvmProcess orderProcessor(TestKafka kafka, String instanceId, String... properties) {
		return of("order-processor", instanceId, kafka, Map.of("INSTANCE_ID", instanceId), properties);
	}

	/**
	 * Any service of the project, not started yet.
	 * @param module the service's module, e.g. {@code archive-service}
	 * @param name a name for its log file
	 * @param kafka the cluster
	 * @param environment environment variables
	 * @param properties more properties, {@code name=value}
	 * @return the process, to {@link JvmProcess#start()}
	 */
	public static JvmProcess of(String module, String name, TestKafka kafka, Map<String, String> environment,
			String... properties) {
		int port = FreePorts.next();
		return JvmProcess.jar(name, executableJar(module))
			.jvmOptions(JVM_OPTIONS)
			.arguments(List.of("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers()))
			.arguments(Stream.of(properties).map((property) -> "--" + property).toList())
			.environment(environment)
			.serverPort(port)
			// Named by port too: tests may run in parallel JVMs, with the same replica
			// names
			.output(ProcessOutput
				.appendTo(Paths.get(System.getProperty("user.dir"), "target", "processes", name + "-" + port + ".log")))
			.build();
	}

	private static Path executableJar(String module) {
		Path target = ROOT.resolve(module).resolve("target");
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(
						() -> new IllegalStateException("No executable jar in " + target + ": run ./mvnw package"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No " + target + ": run ./mvnw package", ex);
		}
	}

}
