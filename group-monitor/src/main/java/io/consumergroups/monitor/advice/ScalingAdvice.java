package io.consumergroups.monitor.advice;

/**
 * What to do with a group's member count, and why.
 *
 * @param action the advice
 * @param members members now
 * @param recommendedMembers members advised
 * @param partitions partitions of the topics the group reads: the most members that can
 * be busy at once
 * @param partitionLimited whether the partition count stops the group from scaling
 * further (or makes members idle)
 * @param reason the advice in a sentence, with the numbers behind it
 */
public record ScalingAdvice(Action action, int members, int recommendedMembers, int partitions,
		boolean partitionLimited, String reason) {

	/**
	 * The advice.
	 */
	public enum Action {

		/** Keep the member count. */
		HOLD,

		/** Add members, up to the partition count. */
		SCALE_UP,

		/** Remove idle members (or add partitions). */
		SCALE_DOWN,

		/**
		 * The members consume nothing: more of them would not help before that is fixed.
		 */
		CHECK_MEMBERS,

		/** Not enough observations yet. */
		OBSERVING

	}

}
