package io.consumergroups.monitor.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.consumergroups.monitor.snapshot.GroupSnapshots;
import io.consumergroups.monitor.watch.GroupObservation;
import io.consumergroups.monitor.watch.GroupObservations;
import io.consumergroups.monitor.watch.GroupWatch;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;

@WebMvcTest(GroupsController.class)
@Import(GroupStream.class)
class GroupsControllerTest {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private MockMvc mockMvc;

	@MockitoBean
	private GroupWatch watch;

	private final GroupObservation group = GroupObservations.observe(GroupSnapshots.classicGroup("cooperative-sticky")
		.member("order-processor-1", 0, 1, 2)
		.member("order-processor-2", 3, 4, 5)
		.partitions(6)
		.offsets(4, 10L, 25L)
		.build());

	@Test
	void shouldListEveryGroupWithItsMembersPartitionsAndLag() {
		// Given
		given(this.watch.groups()).willReturn(List.of(this.group));

		// When / Then
		assertThat(this.mvc.get().uri("/api/groups")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
				[{"groupId": "order-processors", "type": "classic", "state": "Stable",
				  "assignor": "cooperative-sticky", "groupEpoch": null,
				  "members": [{"name": "order-processor-1", "instanceId": "order-processor-1",
				               "partitions": ["orders-0", "orders-1", "orders-2"], "idle": false},
				              {"name": "order-processor-2"}],
				  "lag": {"records": 15, "seconds": null},
				  "advice": {"action": "OBSERVING", "partitions": 6},
				  "rebalances": {"count": 0, "timeline": []}}]""");
		assertThat(this.mvc.get().uri("/api/groups")).bodyJson()
			.extractingPath("$[0].partitions[4]")
			.asMap()
			.containsAllEntriesOf(Map.of("name", "orders-4", "ownerName", "order-processor-2", "committed", 10,
					"logEnd", 25, "lag", 15));
	}

	@Test
	void shouldAnswerNotFoundForAGroupItDoesNotKnow() {
		given(this.watch.group("nobody")).willReturn(Optional.empty());

		assertThat(this.mvc.get().uri("/api/groups/nobody")).hasStatus(404);
	}

	@Test
	void shouldStreamTheGroupsAsServerSentEvents() throws Exception {
		// Given
		given(this.watch.groups()).willReturn(List.of(this.group));

		// When
		MvcResult result = this.mockMvc.perform(get("/api/groups/stream").accept(MediaType.TEXT_EVENT_STREAM))
			.andExpect(request().asyncStarted())
			.andReturn();

		// Then
		assertThat(result.getResponse().getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
		assertThat(result.getResponse().getContentAsString()).startsWith("event:groups\n")
			.contains("\"groupId\":\"order-processors\"");
	}

}
