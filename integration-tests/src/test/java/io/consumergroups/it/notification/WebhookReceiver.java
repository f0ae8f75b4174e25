package io.consumergroups.it.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.ToIntBiFunction;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver on a free local port, as a notification-service would post to: it
 * records every request it answers, with its {@code Idempotency-Key}, and answers as the
 * test says.
 */
final class WebhookReceiver implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int UNLIMITED = Integer.MAX_VALUE / 2;

	private final HttpServer server;

	private final ExecutorService handlers = Executors.newFixedThreadPool(4);

	private final Queue<Request> answered = new ConcurrentLinkedQueue<>();

	private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

	/**
	 * Each request takes one permit before it is answered: a test that limits them holds
	 * the sender mid-stream.
	 */
	private final Semaphore admitted = new Semaphore(UNLIMITED);

	private volatile ToIntBiFunction<String, Integer> answers = (key, attempt) -> 200;

	private WebhookReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/notifications", this::answer);
		this.server.setExecutor(this.handlers);
		this.server.start();
	}

	static WebhookReceiver start() {
		return new WebhookReceiver();
	}

	/**
	 * Where to post.
	 * @return the URL
	 */
	String url() {
		return "http://localhost:" + this.server.getAddress().getPort() + "/notifications";
	}

	/**
	 * How to answer.
	 * @param answers the status for a key at its n-th attempt (from 1)
	 */
	void answer(ToIntBiFunction<String, Integer> answers) {
		this.answers = answers;
	}

	/**
	 * Answer only the next {@code count} requests; hold the ones after until
	 * {@link #admitAll()}.
	 * @param count how many to answer
	 */
	void admitOnly(int count) {
		this.admitted.drainPermits();
		this.admitted.release(count);
	}

	/** Answer every request again, the held ones first. */
	void admitAll() {
		this.admitted.drainPermits();
		this.admitted.release(UNLIMITED);
	}

	/**
	 * The requests answered so far, in order.
	 * @return every answered request
	 */
	List<Request> requests() {
		return List.copyOf(this.answered);
	}

	/**
	 * The notifications delivered so far: requests answered with a 2xx status.
	 * @return delivered requests
	 */
	List<Request> delivered() {
		return this.answered.stream().filter(Request::delivered).toList();
	}

	/**
	 * How often each notification was delivered, by {@code Idempotency-Key}.
	 * @return key to deliveries
	 */
	Map<String, Long> deliveriesByKey() {
		return delivered().stream().collect(Collectors.groupingBy(Request::idempotencyKey, Collectors.counting()));
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			JsonNode body = json.readTree(exchange.getRequestBody());
			this.admitted.acquireUninterruptibly();
			String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
			int attempt = this.attempts.merge(key, 1, Integer::sum);
			int status = this.answers.applyAsInt(key, attempt);
			this.answered.add(new Request(key, body.path("kind").asString(), body.path("orderId").asString(), status));
			exchange.sendResponseHeaders(status, -1);
		}
	}

	@Override
	public void close() {
		admitAll();
		this.server.stop(0);
		this.handlers.shutdownNow();
	}

	/**
	 * One answered request.
	 *
	 * @param idempotencyKey its {@code Idempotency-Key}: the notification id
	 * @param kind the notification's kind, e.g. {@code CONFIRMATION}
	 * @param orderId the order it is about
	 * @param status what the receiver answered
	 */
	record Request(String idempotencyKey, String kind, String orderId, int status) {

		boolean delivered() {
			return this.status >= 200 && this.status < 300;
		}

	}

}
