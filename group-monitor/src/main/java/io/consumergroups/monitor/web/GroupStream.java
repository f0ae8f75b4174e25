package io.consumergroups.monitor.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.consumergroups.monitor.watch.GroupsObserved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open event streams of the page: after every poll each gets a {@code groups} event
 * with every group, so a change reaches the screen within one poll interval plus the
 * network. A browser's {@code EventSource} reconnects by itself when a stream times out
 * or the monitor restarts.
 */
@Component
class GroupStream implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(GroupStream.class);

	/** Bounded, so that a stream whose browser vanished silently is not kept forever. */
	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	/** How soon a browser reconnects after the stream ends. */
	private static final Duration RECONNECT = Duration.ofSeconds(1);

	private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

	private final GroupViews views;

	private volatile boolean running;

	GroupStream(GroupViews views) {
		this.views = views;
	}

	SseEmitter subscribe(List<GroupView> groups) {
		SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
		emitter.onCompletion(() -> this.emitters.remove(emitter));
		emitter.onTimeout(() -> this.emitters.remove(emitter));
		emitter.onError((ex) -> this.emitters.remove(emitter));
		this.emitters.add(emitter);
		send(emitter, groups);
		return emitter;
	}

	@EventListener
	void onGroupsObserved(GroupsObserved event) {
		if (this.emitters.isEmpty()) {
			return;
		}
		List<GroupView> groups = event.groups().stream().map(this.views::view).toList();
		this.emitters.forEach((emitter) -> send(emitter, groups));
	}

	private void send(SseEmitter emitter, List<GroupView> groups) {
		try {
			emitter.send(SseEmitter.event()
				.name("groups")
				.reconnectTime(RECONNECT.toMillis())
				.data(groups, MediaType.APPLICATION_JSON));
		}
		catch (IOException | IllegalStateException ex) {
			// The browser went away: forget the stream.
			logger.debug("Event stream closed: {}", ex.getMessage());
			this.emitters.remove(emitter);
			emitter.completeWithError(ex);
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * End the open streams first, so that a graceful shutdown does not wait for them.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.emitters.forEach(SseEmitter::complete);
		this.emitters.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
