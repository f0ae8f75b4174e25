package io.consumergroups.monitor.watch;

import java.time.Instant;
import java.util.List;

/**
 * Published after every poll, on the polling thread, to whoever shows the groups: the web
 * page's event stream and the metrics.
 *
 * @param groups every group, in the reader's order (the first groups, then by id)
 * @param at when the poll happened
 */
public record GroupsObserved(List<GroupObservation> groups, Instant at) {

}
