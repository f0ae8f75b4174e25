package io.consumergroups.monitor.web;

import java.util.List;

import io.consumergroups.monitor.watch.GroupWatch;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/groups}: every group as of the latest poll; {@code GET
 * /api/groups/stream}: the same, pushed after every poll as Server-Sent Events, which is
 * what the page ({@code /}) listens to.
 */
@RestController
@RequestMapping("/api/groups")
class GroupsController {

	private final GroupWatch watch;

	private final GroupStream stream;

	private final GroupViews views;

	GroupsController(GroupWatch watch, GroupStream stream, GroupViews views) {
		this.watch = watch;
		this.stream = stream;
		this.views = views;
	}

	@GetMapping
	List<GroupView> groups() {
		return this.watch.groups().stream().map(this.views::view).toList();
	}

	@GetMapping("/{groupId}")
	ResponseEntity<GroupView> group(@PathVariable String groupId) {
		return ResponseEntity.of(this.watch.group(groupId).map(this.views::view));
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream() {
		return this.stream.subscribe(groups());
	}

}
