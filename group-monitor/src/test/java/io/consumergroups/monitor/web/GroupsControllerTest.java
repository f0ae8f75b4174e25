package io.consumergroups.monitor.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.consumergroups.monitor.snapshot.GroupSnapshots;
import io.consumergroups.monitor.watch.GroupObservation;
import io.consumergroups.monitor.watch.GroupObservations;
import io.consumergroups.monitor.watch.GroupWatch;
import io.consumergroups.monitor.work.WorkTally;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
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
@Import({ GroupStream.class, GroupViews.class, GroupsControllerTest.Work.class })
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
	void shouldShowEachMembersStatusesUnderItsName() {
		// Given order-processor-1 wrote three statuses, one of them 20 s ago and one of a
		// redelivered record, and order-processor-2 none
		given(this.watch.groups()).willReturn(List.of(this.group));

		// When / Then
		assertThat(this.mvc.get().uri("/api/groups")).bodyJson().isLenientlyEqualTo("""
				[{"members": [{"name": "order-processor-1",
				               "work": {"processed": 3, "recent": 2, "redelivered": 1, "windowSeconds": 10}},
				              {"name": "order-processor-2",
				               "work": {"processed": 0, "recent": 0, "redelivered": 0, "windowSeconds": 10}}]}]""");
	}

	@Test
	void shouldShowNoStatusesForAGroupNoneOfWhoseMembersWritesThem() {
		// Given a fan-out group, whose members write no status
		given(this.watch.group("order-processors")).willReturn(Optional.of(GroupObservations.observe(
				GroupSnapshots.consumerGroup().member("archive-service-1", 0, 1, 2, 3, 4, 5).partitions(6).build())));

		// When / Then its members carry no counts, rather than zeros
		assertThat(this.mvc.get().uri("/api/groups/order-processors")).bodyJson()
			.extractingPath("$.members[0].work")
			.isNull();
	}

	@Test
	void shouldRateAShareGroupByItsMembersStatusesAsItCommitsNoOffsets() {
		// Given a share group with 30 records of lag, whose two members wrote 5 statuses
		// in the last 10 s
		GroupObservation share = GroupObservations.observe(GroupSnapshots.shareGroup()
			.member("order-processor-1-0", 0, 1, 2)
			.member("order-processor-1-1", 3, 4, 5)
			.shareOffsets(0, 10, 30, 40)
			.shareOffsets(1, 10, 0, 10)
			.shareOffsets(2, 10, 0, 10)
			.shareOffsets(3, 10, 0, 10)
			.shareOffsets(4, 10, 0, 10)
			.shareOffsets(5, 10, 0, 10)
			.build());
		given(this.watch.group("order-processors")).willReturn(Optional.of(share));

		// When / Then it consumes 0.5 orders a second, and its lag is 60 s of that
		assertThat(this.mvc.get().uri("/api/groups/order-processors")).bodyJson().isLenientlyEqualTo("""
				{"type": "share", "lag": {"records": 30, "consumedPerSecond": 0.5, "seconds": 60.0}}""");
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

	@TestConfiguration(proxyBeanMethods = false)
	static class Work {

		static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

		@Bean
		Clock clock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

		@Bean
		WorkTally workTally() {
			WorkTally tally = new WorkTally(Duration.ofSeconds(10));
			tally.add("order-processor-1", NOW.minusSeconds(20), null);
			tally.add("order-processor-1", NOW.minusSeconds(5), 1);
			tally.add("order-processor-1", NOW.minusSeconds(1), 2);
			for (int i = 1; i <= 5; i++) {
				tally.add("order-processor-1-" + (i % 2), NOW.minusSeconds(i), 1);
			}
			tally.add("order-processor-1-0", NOW.minusSeconds(11), 1);
			return tally;
		}

	}

}
