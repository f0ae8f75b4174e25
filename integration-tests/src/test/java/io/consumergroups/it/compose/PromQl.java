package io.consumergroups.it.compose;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, as a dashboard's queries use them:
 * everything else (functions, aggregations and their {@code by}/{@code without} labels,
 * label matchers, ranges, strings, numbers, keywords) is taken away first.
 */
final class PromQl {

	private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

	private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");

	private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");

	private static final Pattern GROUPINGS = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern OFFSETS = Pattern.compile("\\boffset\\s+-?\\w+");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][\\w:]*)(\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "inf", "nan", "offset", "by",
			"without", "on", "ignoring", "group_left", "group_right", "atan2");

	private PromQl() {
	}

	/**
	 * The metric names in an expression.
	 * @param expression e.g. {@code sum by (group) (rate(x_total[5m]))}
	 * @return e.g. {@code x_total}
	 */
	static Set<String> metricNames(String expression) {
		String remaining = STRINGS.matcher(expression).replaceAll(" ");
		remaining = MATCHERS.matcher(remaining).replaceAll(" ");
		remaining = RANGES.matcher(remaining).replaceAll(" ");
		remaining = GROUPINGS.matcher(remaining).replaceAll(" ");
		remaining = OFFSETS.matcher(remaining).replaceAll(" ");
		Set<String> names = new TreeSet<>();
		Matcher identifiers = IDENTIFIER.matcher(remaining);
		while (identifiers.find()) {
			boolean isCall = identifiers.group(2) != null;
			if (!isCall && !KEYWORDS.contains(identifiers.group(1))) {
				names.add(identifiers.group(1));
			}
		}
		return names;
	}

}
