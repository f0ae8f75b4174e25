package io.consumergroups.monitor.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the group monitor.
 *
 * @param pollInterval how often every group is read; a rebalance shorter than this may be
 * missed, and every time on the page is accurate to within it
 * @param throughputWindow how far back the consume and produce rates (and so the lag in
 * seconds and the advice) look: long enough to smooth commit batches, short enough to
 * follow a change of pace
 * @param minimumThroughputWindow the shortest span of observations worth a rate
 * @param keptRebalances finished rebalances kept per group for the timeline
 * @param adminTimeout how long one Admin API call may take before the poll gives up and
 * tries again at the next one
 * @param firstGroups the groups shown first, in this order; every other group follows by
 * id
 * @param statuses what the monitor reads of {@code order-status}
 */
@ConfigurationProperties("group-monitor")
public record MonitorProperties(@DefaultValue("1s") Duration pollInterval,
		@DefaultValue("30s") Duration throughputWindow, @DefaultValue("3s") Duration minimumThroughputWindow,
		@DefaultValue("20") int keptRebalances, @DefaultValue("5s") Duration adminTimeout,
		@DefaultValue("order-processors") List<String> firstGroups, @DefaultValue Statuses statuses) {

	/**
	 * Each member's statuses on {@code order-status}: how many orders it processed,
	 * lately and in all, and how many of them were redelivered, which the Admin API does
	 * not report.
	 *
	 * @param enabled whether the monitor reads the topic; on a secured cluster it needs
	 * READ on it
	 * @param topic the status topic
	 * @param lookback how far back before the monitor's start it begins counting
	 * @param window the span of a member's recent count
	 */
	public record Statuses(@DefaultValue("true") boolean enabled, @DefaultValue("order-status") String topic,
			@DefaultValue("10m") Duration lookback, @DefaultValue("10s") Duration window) {

	}

}
