package io.consumergroups.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.springframework.web.client.RestClient;

import static org.awaitility.Awaitility.await;

/**
 * A service running as its own OS process, from its executable jar, for tests in which a
 * crash must be real: {@link #kill()} is a SIGKILL, so the JVM gets no chance to close
 * its consumer, leave the group or commit anything. Its output goes to
 * {@code target/processes/<name>-<port>.log}.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final Path ROOT = Paths.get(System.getProperty("user.dir")).getParent();

	/** Whatever a failed or aborted test left running dies with the test JVM. */
	private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

	/** Every port {@link #freePort()} has handed out. */
	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "service-processes"));
	}

	private final String name;

	private final List<String> command;

	private final Map<String, String> environment;

	private final Path log;

	private int port;

	private int portRetries = 3;

	private Process process;

	private ServiceProcess(String name, List<String> command, Map<String, String> environment, int port) {
		this.name = name;
		this.command = command;
		this.environment = environment;
		this.port = port;
		// Named by port too: tests may run in parallel JVMs, with the same replica names
		this.log = Paths.get(System.getProperty("user.dir"), "target", "processes", name + "-" + port + ".log");
	}

	/**
	 * A replica of order-processor, not started yet.
	 * @param kafka the cluster
	 * @param instanceId its {@code INSTANCE_ID}
	 * @param properties more properties, {@code name=value}
	 * @return the process, to {@link #start()}
	 */
	public static ServiceProcess orderProcessor(TestKafka kafka, String instanceId, String... properties) {
		return of("order-processor", instanceId, kafka, Map.of("INSTANCE_ID", instanceId), properties);
	}

	/**
	 * Any service of the project, not started yet.
	 * @param module the service's module, e.g. {@code archive-service}
	 * @param name a name for its log file
	 * @param kafka the cluster
	 * @param environment environment variables
	 * @param properties more properties, {@code name=value}
	 * @return the process, to {@link #start()}
	 */
	public static ServiceProcess of(String module, String name, TestKafka kafka, Map<String, String> environment,
			String... properties) {
		int port = freePort();
		List<String> command = new ArrayList<>(
				List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xms64m", "-Xmx256m",
						"-XX:TieredStopAtLevel=1", "-jar", executableJar(module).toString(),
						"--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers()));
		Stream.of(properties).map((property) -> "--" + property).forEach(command::add);
		return new ServiceProcess(name, command, environment, port);
	}

	/**
	 * Start the process, or start it again after {@link #kill()} or {@link #stop()}, with
	 * the same name, port and settings.
	 * @return this process
	 */
	public ServiceProcess start() {
		try {
			Files.createDirectories(this.log.getParent());
			List<String> command = new ArrayList<>(this.command);
			command.add("--server.port=" + this.port);
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
			builder.environment().putAll(this.environment);
			this.process = builder.start();
			RUNNING.add(this.process);
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Wait until the service answers its health check.
	 * @return this process
	 */
	public ServiceProcess awaitHealthy() {
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
			if (!isAlive()) {
				if (output().contains("Port " + this.port + " was already in use") && this.portRetries-- > 0) {
					// Free when chosen, taken by another process since: choose again
					this.port = freePort();
					start();
					return false;
				}
				throw new IllegalStateException(this.name + " exited; see " + this.log);
			}
			return http().get().uri("/actuator/health").retrieve().toBodilessEntity().getStatusCode().is2xxSuccessful();
		});
		return this;
	}

	/** SIGKILL: a crash. */
	public void kill() {
		this.process.destroyForcibly();
		waitForExit();
	}

	/** SIGTERM: a graceful shutdown. */
	public void stop() {
		this.process.destroy();
		waitForExit();
	}

	/**
	 * How the process ended: 143 after a graceful shutdown on SIGTERM, 137 after SIGKILL
	 * (also when {@link #stop()} had to force it).
	 * @return the exit code
	 */
	public int exitCode() {
		return this.process.exitValue();
	}

	public boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	public long pid() {
		return this.process.pid();
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return this.port;
	}

	public RestClient http() {
		return RestClient.create("http://localhost:" + this.port);
	}

	/**
	 * What the process has printed so far, over all its starts.
	 * @return the log
	 */
	public String output() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void waitForExit() {
		RUNNING.remove(this.process);
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		if (isAlive()) {
			stop();
		}
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

	/**
	 * A port free now, and never handed out before in this JVM: the system may give the
	 * same free port to two calls in a row, and then two replicas started together race
	 * for it, and the loser's health check is answered by the winner.
	 */
	private static int freePort() {
		while (true) {
			try (ServerSocket socket = new ServerSocket(0)) {
				if (HANDED_OUT.add(socket.getLocalPort())) {
					return socket.getLocalPort();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
