package io.consumergroups.benchmarks.report;

import java.util.List;

/**
 * What one benchmark reports: its table lines, its charts and what a reader needs to read
 * them (how it was measured, what could not be).
 *
 * @param id e.g. {@code P1}
 * @param title e.g. {@code Throughput}
 * @param results the table lines
 * @param charts the charts
 * @param notes sentences printed under the table
 */
public record Section(String id, String title, List<Result> results, List<ChartSpec> charts, List<String> notes) {

}
