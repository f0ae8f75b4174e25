package io.consumergroups.demo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./demo}: a local Kafka cluster, the order-producer and N order-processor
 * replicas in one group, each its own process, with the group's assignment printed on
 * every rebalance. Runs until {@code quit}, Ctrl-C or the end of {@code --for}.
 */
public final class Demo {

	private static final Logger logger = LoggerFactory.getLogger(Demo.class);

	private static final int EXIT_FAILED = 1;

	private static final int EXIT_USAGE = 2;

	/** After this, {@code --for} counts even if a service is still starting. */
	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	private final DemoOptions options;

	private final PrintStream console;

	private final CountDownLatch stopRequested = new CountDownLatch(1);

	/** Set when this class ends the JVM itself, rather than a signal. */
	private final AtomicBoolean exiting = new AtomicBoolean();

	private Demo(DemoOptions options, PrintStream console) {
		this.options = options;
		this.console = console;
	}

	/**
	 * Runs the demo; see {@link DemoOptions#USAGE}.
	 * @param args the command line
	 */
	public static void main(String[] args) {
		if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
			System.out.print(DemoOptions.USAGE);
			return;
		}
		DemoOptions options;
		try {
			options = DemoOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("demo: " + ex.getMessage());
			System.err.println();
			System.err.print(DemoOptions.USAGE);
			System.exit(EXIT_USAGE);
			return;
		}
		Demo demo = new Demo(options, System.out);
		int exitCode = demo.run(Path.of("").toAbsolutePath());
		demo.exiting.set(true);
		System.exit(exitCode);
	}

	private int run(Path root) {
		long startedAt = System.nanoTime();
		DemoRun run = new DemoRun(this.options, root, this.console);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(run), "demo-shutdown"));
		try {
			run.start();
		}
		catch (Exception ex) {
			if (!(ex instanceof DemoRun.StartCancelledException)) {
				logger.debug("The demo did not start", ex);
				System.err.println("demo: " + ex.getMessage());
			}
			run.close();
			return EXIT_FAILED;
		}
		startCommandLoop(run);
		this.console.println(this.options.runFor()
			.map((duration) -> "Running for " + describe(duration) + " once the services are up. ")
			.orElse("Running. ") + "Type 'status' or 'quit' and Enter, or press Ctrl-C to stop.");
		whenServicesAreUp(run, startedAt);
		try {
			this.stopRequested.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		run.close();
		this.console.println("Stopped.");
		return 0;
	}

	/**
	 * Says when the services are up, and starts counting {@code --for} from then: on a
	 * small machine the JVMs take half a minute to start, which is not what the user
	 * wants to watch.
	 */
	private void whenServicesAreUp(DemoRun run, long startedAt) {
		run.servicesStarted()
			.completeOnTimeout(null, STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
			.thenAccept((notStarted) -> {
				long seconds = Duration.ofNanos(System.nanoTime() - startedAt).toSeconds();
				String state = (notStarted == null) ? "Still starting after " + seconds + " s"
						: notStarted.isEmpty() ? "Everything is up after " + seconds + " s"
								: "Up after " + seconds + " s, except " + String.join(", ", notStarted);
				this.console.println(state + this.options.runFor()
					.map((duration) -> ": stopping in " + describe(duration) + ".")
					.orElse("."));
				this.options.runFor()
					.ifPresent(
							(duration) -> CompletableFuture.delayedExecutor(duration.toMillis(), TimeUnit.MILLISECONDS)
								.execute(this.stopRequested::countDown));
			});
	}

	private void startCommandLoop(DemoRun run) {
		ReplicaCommands replicas = run.commands();
		CommandLoop commands = new CommandLoop(this.console)
			.command("status", "the group's assignment and each replica's view", (arguments) -> run.printStatus())
			.command("scale", "scale order-processor N: start or stop replicas until N run", replicas::scale)
			.command("stop", "stop order-processor-K: SIGTERM, a graceful stop", replicas::stop)
			.command("kill", "kill order-processor-K: SIGKILL, a crash", replicas::kill)
			.command("restart", "restart order-processor-K: start it again, same instance id", replicas::restart)
			.command("quit", "stop everything", (arguments) -> this.stopRequested.countDown());
		Thread input = new Thread(() -> readCommands(commands), "demo-commands");
		// Not a reason to keep the JVM alive: the demo ends on quit, a signal or --for
		input.setDaemon(true);
		input.start();
	}

	private void readCommands(CommandLoop commands) {
		try {
			commands.run(new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())));
		}
		catch (Exception ex) {
			logger.debug("Could not read commands", ex);
		}
		// The end of a terminal's input (Ctrl-D) means quit. The end of piped input, as
		// in ./demo --for 45s < /dev/null, does not: the demo runs until --for or a
		// signal ends it.
		if (System.console() != null) {
			this.stopRequested.countDown();
		}
	}

	/**
	 * Ctrl-C or SIGTERM: stop everything, then exit with 0, since the demo stopped as
	 * asked. When the JVM ends because {@link #main} is done, the run is already closed.
	 */
	private void stopOnSignal(DemoRun run) {
		if (this.exiting.get()) {
			return;
		}
		this.console.println();
		run.close();
		this.console.println("Stopped.");
		this.console.flush();
		Runtime.getRuntime().halt(0);
	}

	private static String describe(Duration duration) {
		return duration.toString().substring(2).toLowerCase();
	}

}
