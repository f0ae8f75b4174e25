package io.consumergroups.harness.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * The program the launcher's tests start as a JVM of its own: prints {@code started},
 * then by its first argument waits ({@code wait}), serves {@code GET /actuator/health} on
 * {@code --server.port} ({@code serve}), or exits at once ({@code exit}); prints
 * {@code stopping} when it shuts down gracefully.
 */
public final class TestProgram {

	/** How long the program lives at most. */
	private static final Duration LIFETIME = Duration.ofMinutes(1);

	private TestProgram() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopping")));
		System.out.println("started");
		switch (args[0]) {
			case "serve" -> serve(args[args.length - 1]);
			case "exit" -> System.exit(3);
			default -> {
			}
		}
		// Lives until the test stops or kills it; a child a test leaked ends itself
		new CountDownLatch(1).await(LIFETIME.toSeconds(), TimeUnit.SECONDS);
	}

	private static void serve(String serverPort) throws IOException {
		int port = Integer.parseInt(serverPort.substring("--server.port=".length()));
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
		}
		catch (IOException ex) {
			// As Spring Boot says it
			System.out.println("Port " + port + " was already in use");
			System.exit(1);
			return;
		}
		server.createContext("/actuator/health", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
	}

}
